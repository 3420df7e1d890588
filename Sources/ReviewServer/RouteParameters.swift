import Hummingbird
import RecordModel

/// A report's name in a path: its content hash, 64 lower-case hex digits as the store keeps them.
/// Read through Hummingbird's typed accessor (`parameters.get("sha256", as: ReportHash.self)`).
struct ReportHash: RawRepresentable, Sendable {
    let rawValue: String

    init?(rawValue: String) {
        guard rawValue.utf8.count == 64,
              rawValue.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        self.rawValue = rawValue
    }
}

/// A field key of the template (`s2.licensing.decisions`), or with `attributes`, also `agency`,
/// `year` or `template`, which are decided on as fields are.
struct FieldKey: RawRepresentable, Sendable {
    let rawValue: String

    init?(rawValue: String) {
        guard FieldCatalog.definition(of: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    init?(decidable: String) {
        guard FieldCatalog.definition(of: decidable) != nil || FieldReview.attributeKeys.contains(decidable) else { return nil }
        rawValue = decidable
    }
}

/// What a request names, checked before anything is looked up or counted with. A value not of
/// its form or outside its range is the client's mistake: a 400 that gives the range. A
/// well-formed name the store or the file does not hold is a 404 where it is looked up.
enum RouteParameters {
    /// A PDF's pages as poppler counts them (an Int32).
    static let pageNumbers = 1...Int(Int32.max)

    static let badHash = HTTPError(.badRequest, message: "a report is named by its content hash: 64 hex digits, lower-case")
    static let badKey = HTTPError(.badRequest, message: "not a field key of the template")

    static func reportHash(_ parameters: Parameters) throws(HTTPError) -> String {
        guard let hash = parameters.get("sha256", as: ReportHash.self) else { throw badHash }
        return hash.rawValue
    }

    static func fieldKey(_ parameters: Parameters) throws(HTTPError) -> String {
        guard let key = parameters.get("key", as: FieldKey.self) else { throw badKey }
        return key.rawValue
    }

    static func pageNumber(_ parameters: Parameters) throws(HTTPError) -> Int {
        guard let page = parameters.get("page", as: Int.self), pageNumbers.contains(page) else {
            throw HTTPError(.badRequest, message: "a page number must be a whole number from \(pageNumbers.lowerBound) to \(pageNumbers.upperBound)")
        }
        return page
    }

    /// The list's filters. An empty box is no filter (`?agency=` lists every agency); a year or
    /// confidence that is not one is the client's mistake, named. A form's GET writes a space as
    /// `+`, which Hummingbird's percent-decoding leaves.
    static func filter(_ query: Parameters) throws(HTTPError) -> ReportFilter {
        func text(_ name: String) -> String? {
            query[name[...]].map { $0.replacingOccurrences(of: "+", with: " ") }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var filter = ReportFilter(agency: text("agency"), reason: text("reason"))
        if let year = text("year") {
            guard let number = Int(year), (1900...2200).contains(number) else {
                throw HTTPError(.badRequest, message: "year must be a year such as 2023, or empty for every year")
            }
            filter.year = number
        }
        if let confidence = text("confidence") {
            guard let number = Double(confidence), (0...1).contains(number) else {
                throw HTTPError(.badRequest, message: "confidence must be a number from 0 to 1, or empty")
            }
            filter.confidence = number
        }
        return filter
    }
}
