// The rule language: lexer, parser, loader. (Being written.)
