import Hummingbird
import RecordModel

/// What a request names, checked before anything is looked up or counted with. A value not of
/// its form or outside its range is the client's mistake: a 400 that gives the range. A
/// well-formed name the store or the file does not hold is a 404 where it is looked up.
enum RouteParameters {
    /// Reports the queue skips. Bounded so that `offset + pageSize` cannot overflow; no store
    /// holds nearly so many reports, and an offset past the queue's end shows an empty page.
    static let offsets = 0...Int(Int32.max)
    /// A PDF's pages as poppler counts them (an Int32).
    static let pageNumbers = 1...Int(Int32.max)

    /// A whole number in `range`, named in the refusal as `name`.
    static func integer(_ value: Substring, named name: String, in range: ClosedRange<Int>) throws(HTTPError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw HTTPError(.badRequest, message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A report's name: its content hash, 64 lower-case hex digits as the store keeps them.
    static func contentHash(_ value: String?) throws(HTTPError) -> String {
        guard let value, value.utf8.count == 64, value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw HTTPError(.badRequest, message: "a report is named by its content hash: 64 hex digits, lower-case")
        }
        return value
    }

    /// A field key of the template (`s2.licensing.decisions`).
    static func fieldKey(_ value: String?) throws(HTTPError) -> String {
        guard let value, FieldCatalog.definition(of: value) != nil else {
            throw HTTPError(.badRequest, message: "not a field key of the template")
        }
        return value
    }

    /// What an image path segment names: the part before `.png`.
    static func imageName(_ file: String?) throws(HTTPError) -> String {
        guard let file, file.hasSuffix(".png") else { throw HTTPError(.badRequest, message: "images are named NAME.png") }
        return String(file.dropLast(4))
    }
}
