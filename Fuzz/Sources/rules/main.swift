// Fuzz target `rules`: the rule-file loader on arbitrary bytes.
//
// The input is a rule file (`fuzz.quarry`; bytes that are not UTF-8 become U+FFFD, as the C
// ABI's quarry_load_string reads them). Loading runs the lexer, the parser, includes, macro
// and list expansion, the PCRE2 compile check, token-pattern compilation and the pipelines'
// stage factories. It may fail, but only with RuleErrors that hold at least one error
// diagnostic, each with a location inside the file it names; any crash is a bug. A file that
// loads is taken further, as `quarry test` and `quarry run` would: its `expect` examples run,
// and every pipeline it declares runs over a short news text (whose layers must keep their
// invariants).
//
// Includes and `list ... from` resolve against a scratch folder holding `inc.quarry`,
// `words.txt` and `sub/more.quarry`, so that those paths are exercised without touching the
// checkout. Inputs that name /dev, /proc or /sys are skipped: a rule file may read any file,
// and a device such as /dev/zero never ends (a rule author's choice, not a loader bug).

import Foundation
import FuzzSupport
import Quarry

let folder = fuzzScratchFolder("rules")
try? FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
let files = [
    "inc.quarry": """
        # included by fuzz inputs
        define NAME = /\\p{Lu}\\p{Ll}+/
        list titles = Mr., Mrs., Dr.
        rule inc-title PERSON /{@titles}\\s+{NAME}/
          expect "Dr. Who said" -> PERSON "Dr. Who"
        include "sub/more.quarry"

        """,
    "sub/more.quarry": """
        list months caseless from "../words.txt"
        rule inc-month DATE /\\b{@months}\\s+\\d{1,2}\\b/

        """,
    "words.txt": "January\nFebruary\n# a comment\nNov.\n\n",
]
for (name, text) in files {
    try? text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
}
let sample = Document(id: "sample", text: """
    SEOUL, Nov 9 (Reuters) – “We are ready,” Secretary of State Antony Blinken said on Thursday, \
    after talks with Foreign Minister Park Jin. He added that $5 million (12%) was pledged. \
    'Yes,' Dr. Who said at 10:30 a.m. on 2023-11-09; e-mail a@b.org or see https://example.com.
    """)
let registry = fuzzSetup("the stage registry") { StageRegistry.standard }

let rootPath = folder.appendingPathComponent("fuzz.quarry").standardizedFileURL.path

/// A diagnostic's location must be a line (1-based) and column (1-based); in the fuzzed file,
/// one of its `lines` lines. (Diagnostics name files as the loader shows them: relative to the
/// working directory when inside it.)
func checkLocation(_ diagnostic: Diagnostic, lines: Int) {
    guard let location = diagnostic.location else { return }
    fuzzCheck(location.line >= 1 && location.column >= 1, "diagnostic at line \(location.line), column \(location.column): \(diagnostic)")
    if location.file == rootPath || rootPath.hasSuffix("/" + location.file) {
        fuzzCheck(location.line <= lines, "diagnostic at line \(location.line) of a \(lines)-line file: \(diagnostic)")
    }
}

runFuzzer { bytes in
    let source = String(decoding: bytes, as: UTF8.self)
    for device in ["/dev", "/proc", "/sys"] where source.contains(device) { return -1 }
    // The root file's lines, as the loader splits them (diagnostics must fall inside).
    let rootLines = TextLines.split(source).count
    let book: RuleBook
    do throws(RuleErrors) {
        book = try RuleBook.load(source: source, name: "fuzz.quarry", baseDirectory: folder, registry: registry)
    } catch {
        fuzzCheck(!error.errors.isEmpty, "the load failed without an error diagnostic:\n\(error)")
        for diagnostic in error.diagnostics { checkLocation(diagnostic, lines: rootLines) }
        _ = error.description  // what `quarry check` prints: source lines and carets
        return 0
    }
    for diagnostic in book.warnings { checkLocation(diagnostic, lines: rootLines) }
    _ = try? book.runExamples(registry: registry)
    for name in book.pipelineNames {
        guard let pipeline = try? book.pipeline(named: name), let context = try? pipeline.makeContext() else { continue }
        LayerChecks.check(pipeline.run(sample, in: context))
    }
    return 0
}
