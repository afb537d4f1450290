import CPCRE2
import Testing

/// The system PCRE2 links and its JIT works: the pattern stage builds on both.
@Test func compilesJITAndMatchesUTF8() throws {
    let pattern = #"U\.S\.|\p{Lu}\p{Ll}+"#
    var errorCode: Int32 = 0
    var errorOffset: Int = 0
    let code = pattern.withCString { raw in
        raw.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) {
            pcre2_compile_8($0, quarry_pcre2_zero_terminated(), UInt32(PCRE2_UTF), &errorCode, &errorOffset, nil)
        }
    }
    let compiled = try #require(code)
    defer { pcre2_code_free_8(compiled) }
    #expect(pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0)
    let matchData = try #require(pcre2_match_data_create_from_pattern_8(compiled, nil))
    defer { pcre2_match_data_free_8(matchData) }
    let subject = Array("the U.S. and Seoul".utf8)
    let rc = pcre2_match_8(compiled, subject, subject.count, 0, 0, matchData, nil)
    #expect(rc == 1)
    let ovector = pcre2_get_ovector_pointer_8(matchData)!
    #expect(ovector[0] == 4 && ovector[1] == 8)
}
