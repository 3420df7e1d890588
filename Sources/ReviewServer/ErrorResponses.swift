import Foundation
import Hummingbird

/// Every request that ends in an error answers with the error's status and a line that says why:
/// a page for a browser, JSON for the screen's script, a line of text for anything else. Left to
/// the framework, an unexpected error is a 500 with an empty body and an `HTTPError` a JSON
/// object: neither tells a reviewer what went wrong.
struct ErrorResponses<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var response = Self.response(error.status, error.body ?? error.status.reasonPhrase, for: request)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch let error as any HTTPResponseError {
            return Self.response(error.status, error.status.reasonPhrase, for: request)
        } catch {
            // Not the request's doing (the store, the server): the detail goes to the log, not to
            // the page, where it could name the machine's paths.
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return Self.response(.internalServerError, "The server could not answer this request; its log says why.", for: request)
        }
    }

    static func response(_ status: HTTPResponse.Status, _ text: String, for request: Request) -> Response {
        if request.uri.path.hasPrefix("/api/") {
            return ReviewRoutes.json(["error": text], status: status)
        }
        if request.headers[.accept]?.contains("text/html") == true {
            let title = status == .notFound ? "Not found" : status.code >= 500 ? "Server error" : "Not shown"
            return ReviewRoutes.html(Pages.message("\(status.code) · \(title)", text), status: status)
        }
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
