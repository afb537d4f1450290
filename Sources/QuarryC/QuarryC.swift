import Foundation
import QuarryCore
import QuarryService
import Quarry

// The C ABI declared in include/quarry.h. A `quarry_service *` is a retained
// `AnnotationService`; every string handed out is malloc'ed (freed by quarry_free).

/// A NUL-terminated copy of `bytes` in malloc'ed memory.
private func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar> {
    let memory = malloc(bytes.count + 1)!.assumingMemoryBound(to: UInt8.self)
    bytes.withUnsafeBufferPointer { memory.update(from: $0.baseAddress!, count: $0.count) }
    memory[bytes.count] = 0
    return UnsafeMutableRawPointer(memory).assumingMemoryBound(to: CChar.self)
}

private func cString(_ text: String) -> UnsafeMutablePointer<CChar> { cString(Array(text.utf8)) }

private func service(_ handle: OpaquePointer?) -> AnnotationService? {
    handle.map { Unmanaged<AnnotationService>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
}

private func open(_ make: () throws(ServiceError) -> AnnotationService, _ message: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> OpaquePointer? {
    do {
        let loaded = try make()
        return OpaquePointer(Unmanaged.passRetained(loaded).toOpaque())
    } catch {
        message.map { $0.pointee = cString(error.description) }
        return nil
    }
}

@_cdecl("quarry_load_file")
public func quarry_load_file(_ path: UnsafePointer<CChar>?, _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> OpaquePointer? {
    guard let path else {
        error.map { $0.pointee = cString("quarry_load_file: the path is NULL") }
        return nil
    }
    let file = String(cString: path)
    return open({ () throws(ServiceError) in try AnnotationService(ruleFiles: [file], limits: .unbounded) }, error)
}

@_cdecl("quarry_load_string")
public func quarry_load_string(_ rules: UnsafePointer<CChar>?, _ name: UnsafePointer<CChar>?,
                               _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> OpaquePointer? {
    guard let rules else {
        error.map { $0.pointee = cString("quarry_load_string: the rules are NULL") }
        return nil
    }
    let source = String(decoding: UnsafeRawBufferPointer(start: rules, count: strlen(rules)).bindMemory(to: UInt8.self), as: UTF8.self)
    let label = name.map { String(cString: $0) } ?? "<rules>"
    return open({ () throws(ServiceError) in try AnnotationService(ruleSource: source, name: label, limits: .unbounded) }, error)
}

@_cdecl("quarry_pipelines")
public func quarry_pipelines(_ handle: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    service(handle).map { cString($0.pipelines().body) }
}

/// Writes `reply` to the outputs; returns its status (0 for success).
private func deliver(_ reply: AnnotationService.Reply, _ result: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                     _ length: UnsafeMutablePointer<Int>?) -> Int32 {
    var body = reply.body
    if body.last == 0x0A && reply.contentType.hasPrefix("application/json") && reply.status != 200 { body.removeLast() }
    result.pointee = cString(body)
    length?.pointee = body.count
    return reply.status == 200 ? 0 : Int32(reply.status)
}

/// Folds `options` (a JSON object) into a request body around `fields`.
private func requestBody(_ fields: [String: Any], options: UnsafePointer<CChar>?) -> Result<[UInt8], AnnotationService.Reply> {
    var object = fields
    if let options {
        let data = Data(bytes: options, count: strlen(options))
        guard let parsed = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(.error(400, "the options are not a JSON object, e.g. {\"pipeline\": \"news\", \"layers\": [\"quotes\"]}"))
        }
        for (key, value) in parsed where key != "text" && key != "documents" { object[key] = value }
    }
    guard let body = try? JSONSerialization.data(withJSONObject: object) else { return .failure(.error(500, "could not encode the request")) }
    return .success(Array(body))
}

@_cdecl("quarry_annotate")
public func quarry_annotate(_ handle: OpaquePointer?, _ text: UnsafePointer<CChar>?, _ length: Int, _ options: UnsafePointer<CChar>?,
                            _ result: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ resultLength: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let result else { return -1 }
    guard let quarry = service(handle), text != nil || length == 0 else {
        result.pointee = cString(#"{"error": "quarry_annotate: a NULL service or text"}"#)
        resultLength?.pointee = strlen(result.pointee!)
        return -1
    }
    let bytes = text.map { UnsafeRawBufferPointer(start: $0, count: length) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
    if let bad = UTF8Validation.firstInvalidOffset(in: bytes.bindMemory(to: UInt8.self)) {
        return deliver(.error(400, "the text is not valid UTF-8 (byte offset \(bad))"), result, resultLength)
    }
    let string = String(decoding: bytes.bindMemory(to: UInt8.self), as: UTF8.self)
    switch requestBody(["text": string], options: options) {
    case let .failure(reply): return deliver(reply, result, resultLength)
    case let .success(body): return deliver(quarry.annotate(body: body, contentType: "application/json", query: [:]), result, resultLength)
    }
}

@_cdecl("quarry_annotate_batch")
public func quarry_annotate_batch(_ handle: OpaquePointer?, _ request: UnsafePointer<CChar>?, _ length: Int, _ jobs: Int32,
                                  _ result: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ resultLength: UnsafeMutablePointer<Int>?) -> Int32 {
    guard let result else { return -1 }
    guard let quarry = service(handle), let request else {
        result.pointee = cString(#"{"error": "quarry_annotate_batch: a NULL service or request"}"#)
        resultLength?.pointee = strlen(result.pointee!)
        return -1
    }
    let body = Array(UnsafeRawBufferPointer(start: request, count: length))
    let threads = jobs <= 0 ? ProcessInfo.processInfo.activeProcessorCount : Int(jobs)
    return deliver(quarry.annotate(body: body, contentType: "application/json", query: [:], jobs: threads), result, resultLength)
}

@_cdecl("quarry_free")
public func quarry_free(_ string: UnsafeMutablePointer<CChar>?) {
    free(string)
}

@_cdecl("quarry_close")
public func quarry_close(_ handle: OpaquePointer?) {
    guard let handle else { return }
    Unmanaged<AnnotationService>.fromOpaque(UnsafeRawPointer(handle)).release()
}

/// `quarryVersion` as a C string, made once and kept for the life of the process.
nonisolated(unsafe) private let versionCString: UnsafeMutablePointer<CChar> = strdup(quarryVersion)!  // never written after it is made

@_cdecl("quarry_version")
public func quarry_version() -> UnsafePointer<CChar> {
    // The one version string (Sources/Quarry/Quarry.swift), as the CLI and `quarry lsp` give it.
    UnsafePointer(versionCString)
}
