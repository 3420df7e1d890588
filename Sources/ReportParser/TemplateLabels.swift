import RecordModel

/// The template's wording: every row and column label the parser looks for, by section (the rows
/// and columns themselves are the record model's, `TemplateRows.swift`).
enum TemplateLabels {}

// MARK: Section 二 — 主动公开政府信息情况

extension ProactiveRow {
    /// Built once per case: a pattern normalizes its wording, and a parse compares thousands of
    /// labels with the patterns.
    var pattern: LabelPattern { Self.patterns[self]! }
    private static let patterns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.wording) })
    /// The choice among all the cases, for a label that may be any of them.
    static let labels = LabelChoice(allCases.map { ($0, $0.pattern) })

    private var wording: LabelPattern {
        switch self {
        case .rules: LabelPattern("规章")
        // The 2021 template says 行政规范性文件, the 2019 one 规范性文件; both are the template's.
        case .normativeDocs: LabelPattern("规范性文件", "行政规范性文件", keywords: ["规范性文件"])
        case .licensing: LabelPattern("行政许可")
        case .otherServices: LabelPattern("其他对外管理服务事项", keywords: ["对外管理服务"])
        case .penalty: LabelPattern("行政处罚")
        case .enforcement: LabelPattern("行政强制")
        case .fees: LabelPattern("行政事业性收费", keywords: ["事业性收费"])
        case .procurement: LabelPattern("政府集中采购", keywords: ["集中采购"])
        }
    }
}

extension ProactiveColumn {
    /// Built once per case: a pattern normalizes its wording, and a parse compares thousands of
    /// labels with the patterns.
    var pattern: LabelPattern { Self.patterns[self]! }
    private static let patterns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.wording) })
    /// The choice among all the cases, for a label that may be any of them.
    static let labels = LabelChoice(allCases.map { ($0, $0.pattern) })

    private var wording: LabelPattern {
        switch self {
        case .issued: LabelPattern("本年制发件数")
        case .repealed: LabelPattern("本年废止件数", variants: ["本年度止件数"])
        case .inForce: LabelPattern("现行有效件数")
        case .decisions: LabelPattern("本年处理决定数量", "处理决定数量", keywords: ["处理决定"])
        case .feeAmount: LabelPattern("本年收费金额（单位：万元）", "金额（万元）", "本年收费金额", keywords: ["收费金额", "金额"])
        case .made: LabelPattern("本年新制作数量")
        case .published: LabelPattern("本年新公开数量")
        case .totalPublished: LabelPattern("对外公开总数量")
        case .itemsLastYear: LabelPattern("上一年项目数量")
        case .itemsChange: LabelPattern("本年增/减", "本年增减")
        case .procurementItems: LabelPattern("采购项目数量")
        case .procurementAmount: LabelPattern("采购总金额", "金额（万元）", "采购总金额（万元）", keywords: ["金额"])
        }
    }
}

extension TemplateLabels {
    /// `第二十条第（一）项`, with any spacing or parentheses: a label's key.
    static func isArticleTwentyHeading(key: String) -> Bool {
        // A plain key's characters are its scalars (`LabelText.isPlain`): its bytes say as much,
        // without comparing characters (every cell of every table asks).
        guard LabelText.isPlain(key) else { return key.hasPrefix("第二十条") && key.hasSuffix("项") }
        return key.utf8.starts(with: "第二十条".utf8) && key.utf8.reversed().starts(with: "项".utf8.reversed())
    }

    static let informationContent = LabelPattern("信息内容")
}

// MARK: Section 三 — 收到和处理政府信息公开申请情况

extension Applicant {
    /// Built once per case: a pattern normalizes its wording, and a parse compares thousands of
    /// labels with the patterns.
    var pattern: LabelPattern { Self.patterns[self]! }
    private static let patterns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.wording) })

    private var wording: LabelPattern {
        switch self {
        case .naturalPerson: LabelPattern("自然人")
        case .business: LabelPattern("商业企业")
        case .research: LabelPattern("科研机构")
        case .publicInterest: LabelPattern("社会公益组织")
        case .legalServices: LabelPattern("法律服务机构")
        case .otherOrganization: LabelPattern("其他")
        case .total: LabelPattern("总计")
        }
    }
}

extension OutcomeGroup {
    /// Built once per case: a pattern normalizes its wording, and a parse compares thousands of
    /// labels with the patterns.
    var pattern: LabelPattern { Self.patterns[self]! }
    private static let patterns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.wording) })
    /// The choice among all the cases, for a label that may be any of them.
    static let labels = LabelChoice(allCases.map { ($0, $0.pattern) })

    private var wording: LabelPattern {
        switch self {
        case .withheld: LabelPattern("不予公开")
        // 无法 alone names the group: no other group or row of section 三 says it, and OCR reads
        // 提 of a scan's 无法提供 as 和自 (zhoukou at 200 dpi).
        case .unavailable: LabelPattern("无法提供", keywords: ["无法"])
        case .notProcessed: LabelPattern("不予处理")
        case .other: LabelPattern("其他处理")
        }
    }
}

extension RequestRow {
    /// Built once per case: a pattern normalizes its wording, and a parse compares thousands of
    /// labels with the patterns.
    var pattern: LabelPattern { Self.patterns[self]! }
    private static let patterns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.wording) })

    private var wording: LabelPattern {
        switch self {
        case .new: LabelPattern("本年新收政府信息公开申请数量", keywords: ["本年新收"])
        case .carriedOver: LabelPattern("上年结转政府信息公开申请数量", keywords: ["上年结转"])
        case .granted: LabelPattern("予以公开")
        case .partial: LabelPattern("部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开", keywords: ["部分公开"])
        case .stateSecret: LabelPattern("属于国家秘密")
        case .lawProhibited: LabelPattern("其他法律行政法规禁止公开", variants: ["其他法律行政止公开"])
        case .threeSafeties: LabelPattern("危及“三安全一稳定”", keywords: ["三安全一稳定"])
        case .thirdParty: LabelPattern("保护第三方合法权益")
        case .internalAffairs: LabelPattern("属于三类内部事务信息")
        case .processInfo: LabelPattern("属于四类过程性信息")
        case .enforcementFile: LabelPattern("属于行政执法案卷")
        case .queryMatter: LabelPattern("属于行政查询事项")
        case .notHeld: LabelPattern("本机关不掌握相关政府信息")
        case .needsCreation: LabelPattern("没有现成信息需要另行制作")
        case .unclear: LabelPattern("补正后申请内容仍不明确")
        case .complaint: LabelPattern("信访举报投诉类申请")
        case .duplicate: LabelPattern("重复申请")
        case .publication: LabelPattern("要求提供公开出版物")
        case .excessive: LabelPattern("无正当理由大量反复申请")
        case .reconfirm: LabelPattern("要求行政机关确认或重新出具已获取信息")
        case .overdueCorrection:
            LabelPattern("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", keywords: ["逾期不补正"])
        case .unpaidFee:
            LabelPattern("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", keywords: ["缴纳费用"])
        case .otherOther: LabelPattern("其他")
        case .otherAsOneRow: OutcomeGroup.other.pattern
        case .total: LabelPattern("总计")
        case .carriedForward: LabelPattern("结转下年度继续办理", keywords: ["结转下年度"])
        }
    }

    /// The rows whose label alone identifies them, wherever they stand.
    static let standalone: [RequestRow] = [.new, .carriedOver, .granted, .partial, .total, .carriedForward]
}

/// The label of 三、本年度办理结果, which heads the outcome rows and is not a row itself.
extension TemplateLabels {
    static let outcomesParent = LabelPattern("本年度办理结果")
}

// MARK: Section 四 — 政府信息公开行政复议、行政诉讼情况

extension AppealGroup {
    /// Built once per case: a pattern normalizes its wording, and a parse compares thousands of
    /// labels with the patterns.
    var pattern: LabelPattern { Self.patterns[self]! }
    private static let patterns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.wording) })
    /// The choice among all the cases, for a label that may be any of them.
    static let labels = LabelChoice(allCases.map { ($0, $0.pattern) })

    private var wording: LabelPattern {
        switch self {
        case .review: LabelPattern("行政复议")
        case .litigationDirect: LabelPattern("未经复议直接起诉", keywords: ["直接起诉"])
        case .litigationAfterReview: LabelPattern("复议后起诉")
        }
    }
}

extension AppealOutcome {
    /// Built once per case: a pattern normalizes its wording, and a parse compares thousands of
    /// labels with the patterns.
    var pattern: LabelPattern { Self.patterns[self]! }
    private static let patterns = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.wording) })
    /// The choice among all the cases, for a label that may be any of them.
    static let labels = LabelChoice(allCases.map { ($0, $0.pattern) })

    private var wording: LabelPattern {
        switch self {
        case .upheld: LabelPattern("结果维持")
        case .corrected: LabelPattern("结果纠正")
        case .other: LabelPattern("其他结果")
        case .pending: LabelPattern("尚未审结")
        case .total: LabelPattern("总计")
        }
    }
}

extension TemplateLabels {
    static let litigationParent = LabelPattern("行政诉讼")
}
