import Hummingbird

/// Every request that ends in an error answers with the error's status and a line of text that
/// says why. Left to the framework, an unexpected error is a 500 with an empty body and an
/// `HTTPError` a JSON object: neither tells a reviewer in a browser what went wrong.
struct ErrorResponses<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var response = Self.response(error.status, error.body ?? error.status.reasonPhrase)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch let error as any HTTPResponseError {
            return Self.response(error.status, error.status.reasonPhrase)
        } catch {
            // Not the request's doing (the store, the server): the detail goes to the log, not to
            // the page, where it could name the machine's paths.
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return Self.response(.internalServerError, "The server could not answer this request; its log says why.")
        }
    }

    static func response(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
