#if Server
import ArgumentParser
import Foundation
import Quarry
import QuarryServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve pipelines over HTTP: JSON for programs, a page for people.",
        discussion: """
        Loads every pipeline the rule files declare, once, and answers:

          POST /v1/annotate    {"text": "..."} or {"documents": [{"text": "...", "id": "..."}]}, \
        with optional "pipeline", "layers", "offsets" and "format" (json, jsonl, html; also as \
        query parameters). Returns the JSON of `quarry run -f json`: one object, or a list \
        for "documents". A text/plain body is one document.
          GET  /v1/pipelines   the pipelines: name, file, stages, layers.
          GET  /healthz        {"status": "ok"}.
          GET  /               a page: paste text, see entities and quotes.

        Errors are JSON {"error": "..."}: 400 bad JSON, invalid UTF-8 or fields; 404 an \
        unknown pipeline; 413 a body or batch over the limits; 503 a request over its time. \
        A request can only name pipelines loaded here: it cannot read files or change rules. \
        The server listens on 127.0.0.1 (this machine only) unless --host says otherwise, \
        and stops on Ctrl-C or SIGTERM.

        Examples:
          quarry serve Rules/news.quarry
          curl -s localhost:8080/v1/annotate -d '{"text": "“Yes,” Blinken said."}'
          curl -s localhost:8080/v1/annotate -H 'Content-Type: text/plain' --data-binary @article.txt
          quarry serve Rules/news.quarry Rules/news-attribution.quarry --host 0.0.0.0 --port 9000
        """
    )

    @Argument(help: ArgumentHelp("Rule files whose pipelines to serve (default: the shipped Rules/news.quarry).", valueName: "rules"))
    var files: [String] = []

    @Option(help: ArgumentHelp("The address to listen on; 0.0.0.0 for every interface.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on.", valueName: "n"))
    var port = 8080

    @Option(name: .customLong("max-body"), help: ArgumentHelp("The largest request body, in bytes.", valueName: "bytes"))
    var maxBody = 2_000_000

    @Option(name: .customLong("max-documents"), help: ArgumentHelp("The most documents in one request.", valueName: "n"))
    var maxDocuments = 1_000

    @Option(help: ArgumentHelp("Seconds a request may run; a batch stops at the first document after it (503).", valueName: "seconds"))
    var timeout: Double = 10

    func validate() throws {
        if !(1...65_535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
        if maxBody < 1 { throw ValidationError("--max-body must be at least 1") }
        if maxDocuments < 1 { throw ValidationError("--max-documents must be at least 1") }
        if !(timeout > 0) { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    func run() async throws {
        var files = self.files
        if files.isEmpty {
            guard let root = RulesLocator.defaultDirectory() else {
                throw ValidationError("cannot find Quarry's Rules directory; name the rule files to serve")
            }
            files = [root.appendingPathComponent("news.quarry").path]
        }
        var limits = AnnotationService.Limits()
        limits.bodyBytes = maxBody
        limits.documents = maxDocuments
        limits.seconds = timeout
        let service: AnnotationService
        do {
            service = try AnnotationService(ruleFiles: files, limits: limits)
        } catch {
            Console.note(error.description)
            throw ExitCode.failure
        }
        if service.entries.isEmpty {
            Console.error("the rule files declare no pipeline to serve (add `pipeline NAME` with its stages)")
            throw ExitCode.failure
        }
        var options = QuarryServer.Options()
        options.host = host
        options.port = port
        let names = service.entries.map(\.name).joined(separator: ", ")
        let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
        do {
            try await QuarryServer.run(service, options: options) {
                Console.note("quarry serve: listening on \(address) (pipelines: \(names)); Ctrl-C stops")
            }
        } catch {
            Console.error("cannot serve on \(host):\(port): \(error)")
            throw ExitCode.failure
        }
    }
}
#endif
