/// The template's rows and columns, by section. Keys of fields are built from the cases' raw
/// values, so they spell fields.tsv's keys; the parser gives each case the wording it looks for.

// MARK: Section 二 — 主动公开政府信息情况

/// A row of section 二's tables (the kind of information).
public enum ProactiveRow: String, CaseIterable, Sendable, Hashable {
    case rules, normativeDocs = "normative_docs", licensing, otherServices = "other_services"
    case penalty, enforcement, fees, procurement
}

/// A column of section 二's tables (what is counted).
public enum ProactiveColumn: String, CaseIterable, Sendable, Hashable {
    case issued, repealed, inForce = "in_force", decisions, feeAmount
    case made, published, totalPublished = "total_published"
    case itemsLastYear = "items_last_year", itemsChange = "items_change"
    case procurementItems, procurementAmount
}

extension ProactiveRow {
    /// The key of the field at this row and `column`, nil where the pair is no field. Money
    /// fields are the `amount` ones.
    public func key(_ column: ProactiveColumn) -> String? {
        switch (self, column) {
        case (.rules, .issued), (.rules, .repealed), (.rules, .inForce),
             (.normativeDocs, .issued), (.normativeDocs, .repealed), (.normativeDocs, .inForce),
             (.rules, .made), (.rules, .published), (.rules, .totalPublished),
             (.normativeDocs, .made), (.normativeDocs, .published), (.normativeDocs, .totalPublished),
             (.licensing, .decisions), (.penalty, .decisions), (.enforcement, .decisions), (.otherServices, .decisions),
             (.licensing, .itemsLastYear), (.licensing, .itemsChange),
             (.otherServices, .itemsLastYear), (.otherServices, .itemsChange),
             (.penalty, .itemsLastYear), (.penalty, .itemsChange),
             (.enforcement, .itemsLastYear), (.enforcement, .itemsChange),
             (.fees, .itemsLastYear), (.fees, .itemsChange):
            "s2.\(rawValue).\(column.rawValue)"
        case (.fees, .feeAmount): "s2.fees.amount_10k_yuan"
        case (.procurement, .procurementItems): "s2.procurement.items"
        case (.procurement, .procurementAmount): "s2.procurement.amount_10k_yuan"
        default: nil
        }
    }

    /// The columns the row has in `template`, in the template's order.
    public func columns(in template: Template) -> [ProactiveColumn] {
        switch (self, template) {
        case (.rules, .v2021), (.normativeDocs, .v2021): [.issued, .repealed, .inForce]
        case (.rules, .v2019), (.normativeDocs, .v2019): [.made, .published, .totalPublished]
        case (.licensing, .v2021), (.penalty, .v2021), (.enforcement, .v2021): [.decisions]
        case (.fees, .v2021): [.feeAmount]
        case (.licensing, .v2019), (.otherServices, .v2019), (.penalty, .v2019), (.enforcement, .v2019):
            [.itemsLastYear, .itemsChange, .decisions]
        case (.fees, .v2019): [.itemsLastYear, .itemsChange]
        case (.procurement, .v2019): [.procurementItems, .procurementAmount]
        case (.otherServices, .v2021), (.procurement, .v2021): []
        }
    }
}

// MARK: Section 三 — 收到和处理政府信息公开申请情况

/// The applicant columns of section 三, in the template's order.
public enum Applicant: String, CaseIterable, Sendable, Hashable {
    case naturalPerson = "natural_person", business, research, publicInterest = "public_interest"
    case legalServices = "legal_services", otherOrganization = "other_org", total

    /// The label people read in check texts.
    public var label: String {
        switch self {
        case .naturalPerson: "自然人"
        case .business: "商业企业"
        case .research: "科研机构"
        case .publicInterest: "社会公益组织"
        case .legalServices: "法律服务机构"
        case .otherOrganization: "其他"
        case .total: "总计"
        }
    }

    /// Its index in `allCases` (a test holds them together), told without searching them.
    public var place: Int {
        switch self {
        case .naturalPerson: 0
        case .business: 1
        case .research: 2
        case .publicInterest: 3
        case .legalServices: 4
        case .otherOrganization: 5
        case .total: 6
        }
    }
}

/// The outcome groups of 三、本年度办理结果 that have numbered sub-rows.
public enum OutcomeGroup: String, CaseIterable, Sendable, Hashable {
    case withheld, unavailable, notProcessed = "not_processed", other

    public var numbering: String {
        switch self {
        case .withheld: "（三）"
        case .unavailable: "（四）"
        case .notProcessed: "（五）"
        case .other: "（六）"
        }
    }
}

/// A row of section 三; its raw value is the middle of the field keys (`s3.<row>.<applicant>`).
public enum RequestRow: String, CaseIterable, Sendable, Hashable {
    case new, carriedOver = "carried_over", granted, partial
    case stateSecret = "withheld.state_secret", lawProhibited = "withheld.law_prohibited"
    case threeSafeties = "withheld.three_safeties", thirdParty = "withheld.third_party"
    case internalAffairs = "withheld.internal_affairs", processInfo = "withheld.process_info"
    case enforcementFile = "withheld.enforcement_file", queryMatter = "withheld.query_matter"
    case notHeld = "unavailable.not_held", needsCreation = "unavailable.needs_creation", unclear = "unavailable.unclear"
    case complaint = "not_processed.complaint", duplicate = "not_processed.duplicate"
    case publication = "not_processed.publication", excessive = "not_processed.excessive"
    case reconfirm = "not_processed.reconfirm"
    case overdueCorrection = "other.overdue_correction", unpaidFee = "other.unpaid_fee", otherOther = "other.other"
    /// （六）其他处理 as one row: the 2019 template's, and some 2021 reports'.
    case otherAsOneRow = "other"
    case total, carriedForward = "carried_forward"

    public func key(_ applicant: Applicant) -> String { fields[applicant.place].key }

    /// The row's fields by applicant's place: each key, and where it stands in the catalogue
    /// (`FieldCatalog.place(of:)`). Written and looked up once, not at each of the hundreds of
    /// look-ups a report's parse makes.
    package var fields: [(key: String, place: Int?)] { Self.fieldsByRow[self] ?? Applicant.allCases.map(field) }

    private static let fieldsByRow = Dictionary(uniqueKeysWithValues: allCases.map { row in (row, Applicant.allCases.map(row.field)) })

    private func field(_ applicant: Applicant) -> (key: String, place: Int?) {
        let key = "s3.\(rawValue).\(applicant.rawValue)"
        return (key, FieldCatalog.place(of: key))
    }

    /// The group whose sub-row this is, if any.
    public var group: OutcomeGroup? {
        switch self {
        case .stateSecret, .lawProhibited, .threeSafeties, .thirdParty, .internalAffairs, .processInfo,
             .enforcementFile, .queryMatter: .withheld
        case .notHeld, .needsCreation, .unclear: .unavailable
        case .complaint, .duplicate, .publication, .excessive, .reconfirm: .notProcessed
        case .overdueCorrection, .unpaidFee, .otherOther: .other
        default: nil
        }
    }

    public static func subRows(of group: OutcomeGroup) -> [RequestRow] {
        allCases.filter { $0.group == group }
    }

    /// The outcome rows (一)…(六) of a template, sub-items included, that sum to (七)总计.
    public static func outcomes(of template: Template) -> [RequestRow] {
        let common: [RequestRow] = [.granted, .partial] + subRows(of: .withheld) + subRows(of: .unavailable) + subRows(of: .notProcessed)
        return common + (template == .v2021 ? subRows(of: .other) : [.otherAsOneRow])
    }

    /// Short names for check texts: 一, 二, (一), (三)1 …
    public var shortLabel: String {
        switch self {
        case .new: "一"
        case .carriedOver: "二"
        case .granted: "(一)"
        case .partial: "(二)"
        case .total: "三(七)"
        case .carriedForward: "四"
        case .otherAsOneRow: "(六)"
        default:
            if let group, let index = RequestRow.subRows(of: group).firstIndex(of: self) {
                "(\(String(group.numbering.dropFirst().dropLast())))\(index + 1)"
            } else { rawValue }
        }
    }
}

// MARK: Section 四 — 政府信息公开行政复议、行政诉讼情况

public enum AppealGroup: String, CaseIterable, Sendable, Hashable {
    case review, litigationDirect = "litigation_direct", litigationAfterReview = "litigation_after_review"

    public func key(_ outcome: AppealOutcome) -> String { "s4.\(rawValue).\(outcome.rawValue)" }

    public var label: String {
        switch self {
        case .review: "行政复议"
        case .litigationDirect: "行政诉讼 未经复议直接起诉"
        case .litigationAfterReview: "行政诉讼 复议后起诉"
        }
    }
}

public enum AppealOutcome: String, CaseIterable, Sendable, Hashable {
    case upheld, corrected, other, pending, total

    public var label: String {
        switch self {
        case .upheld: "维持"
        case .corrected: "纠正"
        case .other: "其他"
        case .pending: "尚未审结"
        case .total: "总计"
        }
    }
}
