#if Server
import Foundation
@_exported import QuarryService
import Hummingbird
import Logging
import NIOCore

/// `quarry serve`: the ``AnnotationService`` over HTTP, on Hummingbird.
///
/// Routes: `POST /v1/annotate`, `GET /v1/pipelines`, `GET /healthz`, and `GET /`, a page where
/// a person pastes text and sees the HTML view. Every error is JSON `{"error": "..."}` with a
/// 4xx or 5xx status. Requests run on all cores (Hummingbird's event loops and Swift's
/// cooperative pool, one thread per core each).
public enum QuarryServer {
    /// Where and how to listen.
    public struct Options: Sendable {
        /// The address to bind (default 127.0.0.1: only this machine can connect).
        public var host = "127.0.0.1"
        public var port = 8080
        /// Hummingbird's log level for its own messages (default: warnings and errors only).
        public var logLevel: Logger.Level = .warning

        public init() {}
    }

    /// The routes, for the server and for tests (HummingbirdTesting runs them without a socket).
    public static func router(_ service: AnnotationService) -> Router<BasicRequestContext> {
        let router = Router()
        let work = WorkQueue(threads: ProcessInfo.processInfo.activeProcessorCount)
        let page = IndexPage.html(pipelines: service.entries.map(\.name))
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: IndexPage.policy],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: page)))
        }
        router.get("/healthz") { _, _ in
            reply(.json(200, ["status": "ok", "pipelines": service.entries.count]))
        }
        router.get("/v1/pipelines") { _, _ in
            reply(service.pipelines())
        }
        router.post("/v1/annotate") { request, _ in
            var request = request
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > service.limits.bodyBytes {
                return reply(tooLarge(length, service))
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: service.limits.bodyBytes)
            } catch is NIOTooManyBytesError {
                return reply(tooLarge(nil, service))
            }
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value).removingPercentEncoding ?? String(value) }
            let body = Array(buffer.readableBytesView)
            let contentType = request.headers[.contentType], parameters = query
            return reply(await work.run { service.annotate(body: body, contentType: contentType, query: parameters) })
        }
        return router
    }

    static func tooLarge(_ length: Int?, _ service: AnnotationService) -> AnnotationService.Reply {
        .error(413, "the request body\(length.map { " (\($0) bytes)" } ?? "") is larger than the limit of \(service.limits.bodyBytes) bytes (quarry serve --max-body)")
    }

    static func reply(_ reply: AnnotationService.Reply) -> Response {
        var headers: HTTPFields = [.contentType: reply.contentType]
        if reply.contentType.hasPrefix("text/html") { headers[.contentSecurityPolicy] = IndexPage.policy }
        return Response(status: HTTPResponse.Status(code: reply.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// Runs until SIGINT or SIGTERM; `ready` is called once the socket listens.
    public static func run(_ service: AnnotationService, options: Options, ready: @escaping @Sendable () -> Void) async throws {
        var logger = Logger(label: "quarry-serve")
        logger.logLevel = options.logLevel
        let app = Application(
            router: router(service),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: "quarry"),
            onServerRunning: { _ in ready() },
            logger: logger)
        try await app.runService()
    }
}
#endif
