import CPCRE2
import QuarryCore

/// A program's token predicates flattened for the VM: one array of plain steps, strings in one
/// byte pool, so that testing a token touches no reference-counted value (an indirect enum
/// retains and releases its boxes on every read, which cost more than the tests themselves).
///
/// A predicate is a tree written in prefix order: a step `and`, `or` or `not` is followed by
/// its operands, and every step records `end`, the index just past its subtree, so an operand
/// that decides the result skips the rest. It is made from the ``CompiledPredicate`` tree (whose
/// regexes are compiled) and is the only evaluator: `quarry explain` runs it too.
final class PredicateCode: @unchecked Sendable {
    /// The comparisons in the order `length` steps number them (`allCases` builds a new
    /// array on every read).
    static let comparisons = Comparison.allCases

    /// What a step tests.
    enum Op: UInt8 {
        case any, and, or, not, text, lower, shape, prefix, prefixCaseless, suffix, suffixCaseless
        case kind, length, flag, list, label, regexText, regexLower, never
        case pos, tag, lemma, lemmaList, regexLemma
    }

    /// One step: the op, the index past its subtree, and two operands whose meaning depends on
    /// the op (a pool offset and length, a kind, a comparison and a number, a list or label
    /// index, a regex index).
    struct Step {
        var op: Op
        var end: Int32
        var a: Int32
        var b: Int32
    }

    /// Sendable: written once in `init`, only read after (the pool and steps are never
    /// mutated again, and the regexes are compiled PCRE2 code, safe to share).
    let steps: UnsafeMutableBufferPointer<Step>
    let pool: UnsafeMutableBufferPointer<UInt8>
    /// Where each predicate's tree starts in `steps`.
    let starts: [Int32]
    let regexes: [Regex]
    /// The labels `label=` tests read, by index.
    let labels: [String]

    /// The program's first consumers (``TokenProgram/consumers(reachableFrom:in:)`` from instruction 0) as (kind, index):
    /// kind 0 a token predicate, 1 a list, 2 a span unit; nil when any position may start.
    let first: UnsafeMutableBufferPointer<(kind: UInt8, index: Int32)>?

    /// Flattens `predicates`; their lists must already be in `lists` (the program's, so the
    /// VM's per-document list tables serve them too).
    init(_ predicates: [CompiledPredicate], lists: [CompiledWordList], first consumers: [TokenProgram.Instruction]? = nil) {
        if let consumers {
            let buffer = UnsafeMutableBufferPointer<(kind: UInt8, index: Int32)>.allocate(capacity: max(1, consumers.count))
            for (k, consumer) in consumers.enumerated() {
                switch consumer {
                case let .token(p): buffer[k] = (0, Int32(p))
                case let .list(l): buffer[k] = (1, Int32(l))
                case let .span(u): buffer[k] = (2, Int32(u))
                default: buffer[k] = (3, 0)
                }
            }
            first = UnsafeMutableBufferPointer(rebasing: buffer[0..<consumers.count])
        } else {
            first = nil
        }
        var steps: [Step] = []
        var pool: [UInt8] = []
        var regexes: [Regex] = []
        var labels: [String] = []
        var starts: [Int32] = []
        func bytes(_ value: [UInt8]) -> (Int32, Int32) {
            let offset = pool.count
            pool += value
            return (Int32(offset), Int32(value.count))
        }
        func emit(_ predicate: CompiledPredicate) {
            let at = steps.count
            steps.append(Step(op: .any, end: 0, a: 0, b: 0))
            var step = Step(op: .any, end: 0, a: 0, b: 0)
            switch predicate {
            case .any: step.op = .any
            case let .and(parts):
                step.op = .and
                for part in parts { emit(part) }
            case let .or(parts):
                step.op = .or
                for part in parts { emit(part) }
            case let .not(inner):
                step.op = .not
                emit(inner)
            case let .text(s): step.op = .text; (step.a, step.b) = bytes(s)
            case let .lower(s): step.op = .lower; (step.a, step.b) = bytes(s)
            case let .shape(s): step.op = .shape; (step.a, step.b) = bytes(s)
            case let .prefix(s, caseless): step.op = caseless ? .prefixCaseless : .prefix; (step.a, step.b) = bytes(s)
            case let .suffix(s, caseless): step.op = caseless ? .suffixCaseless : .suffix; (step.a, step.b) = bytes(s)
            case let .kind(k):
                if let k { step.op = .kind; step.a = Int32(k.rawValue) } else { step.op = .never }
            case let .length(comparison, n):
                step.op = .length
                step.a = Int32(PredicateCode.comparisons.firstIndex(of: comparison)!)
                step.b = Int32(n)
            case let .flag(f):
                // a: 0 a class bit (in b), 1 sentence start, 2 sentence end.
                step.op = .flag
                switch f {
                case .sentenceStart: step.a = 1
                case .sentenceEnd: step.a = 2
                default: step.a = 0; step.b = Int32(TokenFeatures.classBit(f))
                }
            case let .startsListEntry(list):
                step.op = .list
                step.a = Int32(lists.firstIndex { $0 === list }!)
            case let .label(l):
                step.op = .label
                if let k = labels.firstIndex(of: l) { step.a = Int32(k) } else { labels.append(l); step.a = Int32(labels.count - 1) }
            case let .pos(p): step.op = .pos; step.a = Int32(p)
            case let .tag(t): step.op = .tag; (step.a, step.b) = bytes(t)
            case let .lemma(l): step.op = .lemma; (step.a, step.b) = bytes(l)
            case let .lemmaInList(list):
                step.op = .lemmaList
                step.a = Int32(lists.firstIndex { $0 === list }!)
            case let .regex(form, regex):
                step.op = form == .text ? .regexText : form == .lower ? .regexLower : .regexLemma
                regexes.append(regex)
                step.a = Int32(regexes.count - 1)
            }
            step.end = Int32(steps.count)
            steps[at] = step
        }
        for predicate in predicates {
            starts.append(Int32(steps.count))
            emit(predicate)
        }
        self.steps = .allocate(capacity: max(1, steps.count))
        _ = self.steps.initialize(from: steps)
        self.pool = .allocate(capacity: max(1, pool.count))
        _ = self.pool.initialize(from: pool)
        self.starts = starts
        self.regexes = regexes
        self.labels = labels
    }

    deinit {
        steps.deallocate()
        pool.deallocate()
        if let first, let base = first.baseAddress { base.deallocate() }
    }
}

/// What ``PredicateCode`` reads of one document while one rule runs: plain pointers, set up
/// once per rule and document by the VM.
struct PredicateContext {
    let steps: UnsafeMutablePointer<PredicateCode.Step>
    let pool: UnsafeMutablePointer<UInt8>
    let bytes: UnsafePointer<UInt8>
    let lowered: UnsafePointer<UInt8>
    let starts: UnsafePointer<UInt32>
    let ends: UnsafePointer<UInt32>
    let kinds: UnsafePointer<UInt8>
    /// Per list of the program, its entry-start states (0 unknown, 1 no, 2 yes).
    let listStates: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
    /// Per label of the code, which tokens lie inside one of its spans.
    let coverage: UnsafeMutablePointer<UnsafeMutablePointer<Bool>>
}

/// Owns the pointer tables a ``PredicateContext`` points into, for as long as the VM lives.
final class PredicateContextStorage {
    let listStates: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt8>>
    let coverage: UnsafeMutableBufferPointer<UnsafeMutablePointer<Bool>>
    init(listStates: [UnsafeMutablePointer<UInt8>], coverage: [UnsafeMutablePointer<Bool>]) {
        self.listStates = .allocate(capacity: max(1, listStates.count))
        _ = self.listStates.initialize(from: listStates)
        self.coverage = .allocate(capacity: max(1, coverage.count))
        _ = self.coverage.initialize(from: coverage)
    }
    deinit {
        listStates.deallocate()
        coverage.deallocate()
    }
}

extension TokenVM {
    /// Evaluates the subtree at `at` on token `i`.
    func evaluate(_ c: PredicateContext, _ at: Int, _ i: Int) -> Bool {
        let step = c.steps[at]
        switch step.op {
        case .any: return true
        case .never: return false
        case .and:
            var k = at + 1
            while k < Int(step.end) {
                if !evaluate(c, k, i) { return false }
                k = Int(c.steps[k].end)
            }
            return true
        case .or:
            var k = at + 1
            while k < Int(step.end) {
                if evaluate(c, k, i) { return true }
                k = Int(c.steps[k].end)
            }
            return false
        case .not:
            return !evaluate(c, at + 1, i)
        case .text, .lower, .prefix, .prefixCaseless, .suffix, .suffixCaseless:
            let start = Int(c.starts[i]), length = Int(c.ends[i]) - start
            let source = (step.op == .text || step.op == .prefix || step.op == .suffix) ? c.bytes : c.lowered
            let wanted = c.pool + Int(step.a), count = Int(step.b)
            switch step.op {
            case .text, .lower:
                return length == count && same(source + start, wanted, count)
            case .prefix, .prefixCaseless:
                return length >= count && same(source + start, wanted, count)
            default:
                return length >= count && same(source + start + length - count, wanted, count)
            }
        case .shape:
            return features.shapeIs(i, c.pool + Int(step.a), Int(step.b))
        case .kind:
            return c.kinds[i] == UInt8(step.a)
        case .length:
            return PredicateCode.comparisons[Int(step.a)].holds(features.scalarCount(i), Int(step.b))
        case .flag:
            switch step.a {
            case 0: return features.classes(i) & UInt8(step.b) != 0
            case 1: return features.sentenceStart[i]
            default: return features.sentenceEnd[i]
            }
        case .list:
            let l = Int(step.a)
            let known = c.listStates[l][i]
            if known != 0 { return known == 2 }
            return features.startsEntry(program.lists[l], listTables[l]!, i)
        case .label:
            return c.coverage[Int(step.a)][i]
        case .regexText, .regexLower, .regexLemma:
            return features.matches(program.code.regexes[Int(step.a)], step.op == .regexText ? .text : step.op == .regexLower ? .lower : .lemma, i)
        case .pos:
            return features.universal(i) == UInt8(step.a)
        case .tag:
            return features.specificIs(i, c.pool + Int(step.a), Int(step.b))
        case .lemma:
            let lemma = features.lemma(i)
            return lemma.count == Int(step.b) && same(lemma.baseAddress!, c.pool + Int(step.a), lemma.count)
        case .lemmaList:
            let lemma = features.lemma(i)
            let set = program.lists[Int(step.a)].set
            return lemma.count <= set.maxLength && set.contains(lemma.baseAddress!, lemma.count)
        }
    }
}

/// Whether `count` bytes at `a` and `b` are equal (token texts are short: a loop beats a call).
@inline(__always)
private func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var k = 0
    while k < count {
        if a[k] != b[k] { return false }
        k += 1
    }
    return true
}
