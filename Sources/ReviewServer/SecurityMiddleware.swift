import Foundation
import Hummingbird

/// Headers that keep the pages to themselves, and the access token when the server has one.
///
/// With a token, a request is let through when it carries the token as a cookie or a bearer
/// header. A URL with `?token=` (the one `gongkai review` prints) sets the cookie and redirects
/// to the same page without the token, so it does not stay in the address bar or the history.
struct SecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    static var cookieName: String { "gongkai_review_token" }
    let accessToken: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await admit(request, context: context, next: next)
        // Scripts, styles and images come from this server only; nothing may frame the pages.
        response.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }

    private func admit(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let accessToken else { return try await next(request, context) }
        if let offered = request.uri.queryParameters["token"].map(String.init) {
            guard sameSecret(offered, accessToken) else { return unauthorized() }
            var response = Response(status: .seeOther, headers: [.location: Self.pathOnApp(request.uri.path)])
            response.headers[.setCookie] = "\(Self.cookieName)=\(accessToken); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        let cookie = request.cookies[Self.cookieName]?.value
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard [cookie, bearer].contains(where: { $0.map { sameSecret($0, accessToken) } ?? false }) else { return unauthorized() }
        return try await next(request, context)
    }

    /// Where the token's redirect goes: the path asked for when it is a path on this app, else the
    /// queue. A path that starts `//` is another host to a browser (`//evil.example/` is a
    /// network-path reference), and so is one that starts `/\`, browsers reading `\` as `/`.
    static func pathOnApp(_ path: String) -> String {
        let rest = path.dropFirst()
        guard path.hasPrefix("/"), !rest.hasPrefix("/"), !rest.hasPrefix("\\") else { return "/" }
        return path
    }

    private func unauthorized() -> Response {
        Response(status: .unauthorized, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: Pages.message(
                     "Access token needed", "This review server needs its access token: open the address `gongkai review` printed, with ?token=…"))))
    }
}

/// Compares secrets in time that does not depend on where they first differ.
func sameSecret(_ offered: String, _ expected: String) -> Bool {
    let left = Array(offered.utf8)
    let right = Array(expected.utf8)
    guard left.count == right.count else { return false }
    return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}
