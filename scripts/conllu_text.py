#!/usr/bin/env python3
"""Rebuild the documents of a CoNLL-U file: their text, and every word's place in it.

Imported by scripts/compare_tags.py and scripts/compare_noun_chunks.py (`read_documents`);
run on its own, it describes a file or writes its documents for `quarry run`:

    python3 scripts/conllu_text.py ../shared/data/ud/en_ewt-ud-dev.conllu            # counts
    python3 scripts/conllu_text.py FILE --jsonl > docs.jsonl     # {"id", "text"} per document
    python3 scripts/conllu_text.py FILE --show DOC_ID            # one document's text
    python3 scripts/conllu_text.py FILE --unplaced 20            # words that got no offsets

The definition (Quarry's Swift reader, Sources/QuarryTagger/CoNLLU.swift, is to follow the
same one; it counts offsets in UTF-8 bytes where this module counts code points):

Lines. A line ending in "\\r\\n" loses the "\\r". A blank line ends a sentence. A line starting
with "#" is a comment. Any other line is a word line of exactly 10 tab-separated columns (else
an error naming the file and line). Its ID is one of:
  - an integer n: a syntactic word;
  - "a-b" (integers, b >= a): a multiword token whose FORM is the surface form of words a..b;
  - anything containing ".": an empty node, ignored.
Any other ID is an error, and so are word IDs that do not run 1, 2, 3, ... in a sentence, a
multiword token line that does not come just before its first word or runs past the
sentence's last word, and a HEAD beyond the sentence's last word.

Documents and paragraphs. A document starts at the start of the file and at every comment
that is exactly "# newdoc" or starts with "# newdoc "; its id is the text after the first "="
of that line, with spaces and tabs trimmed; without one it is "doc<n>", n being the document's
1-based position among the documents returned. A paragraph starts at every comment that is
exactly "# newpar" or starts with "# newpar " ("# newpar_block" is not one). Sentences that come
before the first "# newpar" of a document form a paragraph of their own. Paragraphs without
sentences are left out, and so are documents without sentences.

Text. A sentence's text is everything after "# text = " on its comment line (the last such
line before its words when there are several; when there is none, its word forms joined by
single spaces). A paragraph's text is its sentences' texts joined by one space " "; a
document's text is its paragraphs' texts joined by a blank line "\\n\\n". A sentence with words
but only comment lines of other kinds is still a sentence; a comment block without words is
not.

Offsets. Offsets are Python str indices: code points into the document's text, end
exclusive; forms are compared code point by code point, without normalisation. The
sentence's surface tokens are walked in order: each multiword token's form, and each word
that is not inside a multiword token (inside: a <= n <= b for the last "a-b" line read in the
sentence). A cursor starts at the sentence's first character. For each token: skip spaces
(U+0020) and tabs (U+0009) from the cursor; if the sentence's text continues there with the
form, that is the token; otherwise the token is the first occurrence of the form at or after
that position that ends within the sentence's text (str.find bounded by the sentence); if there
is none (or the form is empty), the token gets no offsets and the cursor stays. A found token
moves the cursor to its end. A word outside a multiword token takes its token's range. The
words of a found multiword token get consecutive sub-ranges when their forms, concatenated,
equal the token's form ("do" + "n't" = "don't"); otherwise none of them gets offsets.

Words. Per document, its words in order (`Document.words`), each with start and end (both
None when unplaced), form, lemma, upos, xpos, head (the head's index in `Document.words`, or
None for the root and for a HEAD that is not an integer), deprel, and sentence (the sentence's
0-based index in the document). `Document.sentences` gives each sentence's id (from
"# sent_id = ", else None), its character range and its words' index range.

Exit status of the command: 0 done; 1 the file is missing or not valid CoNLL-U; 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

TEXT_PREFIX = "# text = "
SENT_ID_PREFIX = "# sent_id = "
SKIPPED_SPACE = " \t"


class CoNLLUError(ValueError):
    """A CoNLL-U file that cannot be read, with its path and 1-based line number."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(slots=True)
class Word:
    """One syntactic word; start/end are code-point offsets into the document text, or None."""

    start: int | None
    end: int | None
    form: str
    lemma: str
    upos: str
    xpos: str
    head: int | None
    deprel: str
    sentence: int

    @property
    def placed(self) -> bool:
        """Whether the word has offsets."""
        return self.start is not None


@dataclass(slots=True)
class Sentence:
    """One sentence: its id, its range in the document text and its words' range in Document.words."""

    id: str | None
    start: int
    end: int
    first_word: int
    end_word: int


@dataclass(slots=True)
class Document:
    """One rebuilt document."""

    id: str
    text: str
    words: list[Word] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(slots=True)
class _RawSentence:
    """A sentence as read, before it is placed in its document."""

    id: str | None
    text: str | None
    words: list[list[str]]  # the 10 columns of each syntactic word
    lines: list[int]  # the line number of each word
    tokens: list[tuple[str, int, int]]  # surface tokens: (form, first word, end word), 0-based


def _is_newdoc(line: str) -> bool:
    """Whether a comment line starts a document."""
    return line == "# newdoc" or line.startswith("# newdoc ")


def _is_newpar(line: str) -> bool:
    """Whether a comment line starts a paragraph (`# newpar_block` does not)."""
    return line == "# newpar" or line.startswith("# newpar ")


def _find_token(text: str, form: str, cursor: int, limit: int) -> int | None:
    """Where a surface token starts at or after `cursor` in text[:limit], by the rule above."""
    if not form:
        return None
    at = cursor
    while at < limit and text[at] in SKIPPED_SPACE:
        at += 1
    if text.startswith(form, at, limit):
        return at
    found = text.find(form, at, limit)
    return None if found < 0 else found


def _assemble(doc_id: str, paragraphs: list[list[_RawSentence]], path: str) -> Document:
    """Joins paragraphs of sentences into a Document and places each word in its text."""
    pieces: list[str] = []
    length = 0
    document = Document(id=doc_id, text="")
    for paragraph in paragraphs:
        if pieces:
            pieces.append("\n\n")
            length += 2
        for number, raw in enumerate(paragraph):
            if number:
                pieces.append(" ")
                length += 1
            text = raw.text if raw.text is not None else " ".join(columns[1] for columns in raw.words)
            base, first = length, len(document.words)
            pieces.append(text)
            length += len(text)
            sentence_index = len(document.sentences)
            document.sentences.append(Sentence(raw.id, base, length, first, first + len(raw.words)))
            for columns, line in zip(raw.words, raw.lines):
                head = _parse_head(columns[6], len(raw.words), path, line)
                document.words.append(Word(None, None, columns[1], columns[2], columns[3], columns[4],
                                           None if head is None else first + head, columns[7], sentence_index))
            _place(text, base, raw, document.words[first:])
    document.text = "".join(pieces)
    return document


def _parse_head(value: str, count: int, path: str, line: int) -> int | None:
    """A HEAD column as a 0-based index in its sentence, None for 0 or a non-integer."""
    if not value.isdigit():
        return None
    head = int(value)
    if head > count:
        raise CoNLLUError(path, line, f"HEAD {head} is beyond the sentence's {count} words")
    return None if head == 0 else head - 1


def _place(text: str, base: int, raw: _RawSentence, words: list[Word]) -> None:
    """Gives the sentence's words their offsets (base = the sentence's start in the document)."""
    cursor = 0
    for form, first, end in raw.tokens:
        start = _find_token(text, form, cursor, len(text))
        if start is None:
            continue
        cursor = start + len(form)
        if end - first == 1:
            words[first].start, words[first].end = base + start, base + cursor
        elif "".join(word.form for word in words[first:end]) == form:
            at = base + start
            for word in words[first:end]:
                word.start, word.end = at, at + len(word.form)
                at = word.end


class _Reader:
    """The state of one pass over a CoNLL-U file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.documents: list[Document] = []
        self.doc_id: str | None = None
        self.paragraphs: list[list[_RawSentence]] = []
        self.reset_sentence()

    def reset_sentence(self) -> None:
        """Forgets the sentence being read."""
        self.sent_id: str | None = None
        self.text: str | None = None
        self.words: list[list[str]] = []
        self.lines: list[int] = []
        self.tokens: list[tuple[str, int, int]] = []
        self.mwt: tuple[int, int] | None = None

    def finish_sentence(self) -> None:
        """Adds the sentence being read, if it has words, to the current paragraph."""
        if self.words:
            if not self.paragraphs:
                self.paragraphs.append([])
            self.paragraphs[-1].append(_RawSentence(self.sent_id, self.text, self.words, self.lines, self.tokens))
        self.reset_sentence()

    def finish_document(self) -> None:
        """Adds the document being read, if it has sentences, to the result."""
        self.finish_sentence()
        paragraphs = [paragraph for paragraph in self.paragraphs if paragraph]
        if paragraphs:
            doc_id = self.doc_id or f"doc{len(self.documents) + 1}"
            self.documents.append(_assemble(doc_id, paragraphs, self.path))
        self.doc_id, self.paragraphs = None, []

    def comment(self, line: str) -> None:
        """Reads a comment line."""
        if _is_newdoc(line):
            self.finish_document()
            equals = line.find("=")
            self.doc_id = line[equals + 1:].strip(SKIPPED_SPACE) if equals >= 0 else None
            self.doc_id = self.doc_id or None
        elif _is_newpar(line):
            self.paragraphs.append([])
        elif line.startswith(TEXT_PREFIX):
            self.text = line[len(TEXT_PREFIX):]
        elif line.startswith(SENT_ID_PREFIX):
            self.sent_id = line[len(SENT_ID_PREFIX):].strip(SKIPPED_SPACE)

    def word_line(self, line: str, number: int) -> None:
        """Reads a word, multiword-token or empty-node line."""
        columns = line.split("\t")
        if len(columns) != 10:
            raise CoNLLUError(self.path, number, f"expected 10 tab-separated columns, found {len(columns)}")
        ident = columns[0]
        if "." in ident:
            return
        if "-" in ident:
            first, _, last = ident.partition("-")
            if not (first.isdigit() and last.isdigit() and int(last) >= int(first)):
                raise CoNLLUError(self.path, number, f"bad multiword token ID {ident!r}")
            self.mwt = (int(first), int(last))
            if int(first) != len(self.words) + 1:
                raise CoNLLUError(self.path, number, f"multiword token {ident} does not start at the next word")
            self.tokens.append((columns[1], int(first) - 1, int(last)))
            return
        if not ident.isdigit():
            raise CoNLLUError(self.path, number, f"bad word ID {ident!r}")
        if int(ident) != len(self.words) + 1:
            raise CoNLLUError(self.path, number, f"word ID {ident} out of sequence (expected {len(self.words) + 1})")
        self.words.append(columns)
        self.lines.append(number)
        n = int(ident)
        if self.mwt is None or not self.mwt[0] <= n <= self.mwt[1]:
            self.tokens.append((columns[1], n - 1, n))

    def check_multiword_tokens(self, number: int) -> None:
        """Rejects a sentence whose multiword tokens run past its words."""
        for form, _, end in self.tokens:
            if end > len(self.words):
                raise CoNLLUError(self.path, number, f"multiword token {form!r} runs past the sentence's last word")


def read_documents(path: str | Path) -> list[Document]:
    """The documents of the CoNLL-U file at `path`, in file order (see the module docstring).

    Raises OSError when the file cannot be read, CoNLLUError when it is not valid CoNLL-U
    (and UnicodeDecodeError when it is not UTF-8).
    """
    path = str(path)
    reader = _Reader(path)
    number = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for number, raw_line in enumerate(handle, start=1):
            line = raw_line.rstrip("\n")
            if line.endswith("\r"):
                line = line[:-1]
            if not line:
                reader.check_multiword_tokens(number)
                reader.finish_sentence()
            elif line.startswith("#"):
                reader.comment(line)
            else:
                reader.word_line(line, number)
    reader.check_multiword_tokens(number)
    reader.finish_document()
    return reader.documents


def describe(documents: list[Document]) -> dict:
    """Counts: documents, paragraphs, sentences, words, characters and unplaced words."""
    words = [word for document in documents for word in document.words]
    return {
        "documents": len(documents),
        "paragraphs": sum(document.text.count("\n\n") + 1 for document in documents),
        "sentences": sum(len(document.sentences) for document in documents),
        "words": len(words),
        "characters": sum(len(document.text) for document in documents),
        "unplaced_words": sum(not word.placed for word in words),
    }


def unplaced_examples(documents: list[Document], limit: int) -> list[str]:
    """Up to `limit` lines naming a word without offsets and its sentence."""
    lines = []
    for document in documents:
        for word in document.words:
            if not word.placed and len(lines) < limit:
                sentence = document.sentences[word.sentence]
                lines.append(f"{document.id} s{word.sentence} {word.form!r} ({word.upos}) in: "
                             f"{document.text[sentence.start:sentence.end]}")
    return lines


def main() -> int:
    """The command line: counts, JSON Lines, one document, or unplaced words."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, help="a CoNLL-U file")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--jsonl", action="store_true", help='write one {"id": ..., "text": ...} line per document')
    mode.add_argument("--show", metavar="DOC_ID", help="print the text of the document with this id")
    mode.add_argument("--unplaced", type=int, metavar="N", help="list up to N words that got no offsets")
    args = parser.parse_args()
    try:
        documents = read_documents(args.file)
    except (OSError, UnicodeDecodeError, CoNLLUError) as error:
        print(f"error: cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    if args.jsonl:
        for document in documents:
            print(json.dumps({"id": document.id, "text": document.text}, ensure_ascii=False))
    elif args.show is not None:
        matches = [document for document in documents if document.id == args.show]
        if not matches:
            print(f"error: no document {args.show!r} in {args.file}", file=sys.stderr)
            return 1
        print("\n\n----\n\n".join(document.text for document in matches))
    elif args.unplaced is not None:
        print("\n".join(unplaced_examples(documents, args.unplaced)))
    else:
        print(json.dumps({"file": str(args.file), **describe(documents)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
