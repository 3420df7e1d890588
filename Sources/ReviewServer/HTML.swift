import Foundation

/// Text for HTML: every piece of a document's text goes through here, so a cell reading
/// `<script>` shows as text, in element content and in attribute values alike.
func escaped(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": output += "&amp;"
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "\"": output += "&quot;"
        case "'": output += "&#39;"
        default: output.append(character)
        }
    }
    return output
}

/// A path segment or query value: field keys and hashes are plain ASCII, but nothing from a
/// request is trusted to be.
func urlComponent(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
}

/// The frame of every page: styles and the keyboard script are the binary's own (no CDN).
func pageFrame(title: String, body: String) -> String {
    """
    <!doctype html>
    <html lang="zh-CN">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>\(escaped(title))</title>
    <link rel="stylesheet" href="/assets/review.css">
    <script src="/assets/review.js" defer></script>
    </head>
    <body>
    <nav><a href="/">Reports to review</a> <a href="/finish">Finish &amp; export</a> <span class="brand">Gongkai</span></nav>
    <main>
    \(body)
    </main>
    </body>
    </html>
    """
}
