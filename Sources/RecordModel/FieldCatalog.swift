/// The two versions of the national report template.
public enum Template: String, Sendable, Hashable, Codable, CaseIterable {
    /// 国办公开办函〔2021〕30号: reports on 2021 and later.
    case v2021 = "2021"
    /// The earlier format, used for the 2019 and 2020 reports.
    case v2019 = "2019"
}

/// One field of the record: its key, the templates that have it, and its Chinese label path.
public struct FieldDefinition: Sendable, Hashable {
    public let key: String
    public let templates: Set<Template>
    /// The report section the field belongs to: 二, 三 or 四.
    public let section: String
    public let label: String
}

/// Every field key of both templates, in the record format's order.
public enum FieldCatalog {
    /// Whether the field is an amount in 万元 (a decimal) rather than a count.
    public static func holdsMoney(_ key: String) -> Bool { key.hasSuffix("amount_10k_yuan") }

    /// The definition of `key`, in either template.
    public static func definition(of key: String) -> FieldDefinition? { place(of: key).map { definitions[$0] } }

    /// Where `key` stands in `definitions`: the index a `FieldTable` keeps its value at.
    public static func place(of key: String) -> Int? { places[key] }

    private static let places = Dictionary(definitions.indices.map { (definitions[$0].key, $0) }) { first, _ in first }

    /// The fields a record of `template` lists, once each, in order.
    public static func fields(of template: Template) -> [FieldDefinition] {
        places(of: template).map { definitions[$0] }
    }

    /// The places of the fields a record of `template` lists, in order.
    package static func places(of template: Template) -> [Int] {
        placesByTemplate[template] ?? []
    }

    /// Sorted out once: every record asks.
    private static let placesByTemplate = Dictionary(uniqueKeysWithValues: Template.allCases.map { template in
        (template, definitions.indices.filter { definitions[$0].templates.contains(template) })
    })
}
