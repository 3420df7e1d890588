import RecordModel

/// Which template a report fills, read from its tables' structure, never from its year.
///
/// The 2019 template's section 二 counts 本年新制作数量 / 本年新公开数量 / 对外公开总数量 and
/// 上一年项目数量 / 本年增/减, and has rows 其他对外管理服务事项 and 政府集中采购; the 2021
/// template's counts 本年制发件数 / 本年废止件数 / 现行有效件数 and 收费金额. In section 三 the
/// 2021 template splits （六）其他处理 into three sub-rows — but some 2021 reports print it as one
/// row (hzq2023), so that is weaker evidence than section 二's columns.
enum TemplateDetection {
    struct Result: Sendable, Hashable {
        var template: Template
        var confidence: Double
        var evidence: [String]
    }

    static func detect(proactive: ProactiveTables.Scan, requests: [RequestTables.RowHit], year: Int?) -> Result {
        var score: [Template: Double] = [.v2019: 0, .v2021: 0]
        var evidence: [String] = []
        let columns2021: Set<ProactiveColumn> = [.issued, .repealed, .inForce, .feeAmount]
        let columns2019: Set<ProactiveColumn> = [.made, .published, .totalPublished, .itemsLastYear, .itemsChange, .procurementItems]
        for column in Set(proactive.headerColumns) {
            if columns2021.contains(column) { score[.v2021, default: 0] += 1; evidence.append("section 二 column \(column.pattern.name) (2021)") }
            if columns2019.contains(column) { score[.v2019, default: 0] += 1; evidence.append("section 二 column \(column.pattern.name) (2019)") }
        }
        for row in Set(proactive.rows.map(\.row)) where row == .otherServices || row == .procurement {
            score[.v2019, default: 0] += 1
            evidence.append("section 二 row \(row.pattern.name) (2019)")
        }
        let requestRows = Set(requests.map(\.row))
        if !requestRows.isDisjoint(with: RequestRow.subRows(of: .other)) {
            score[.v2021, default: 0] += 1
            evidence.append("section 三 （六）其他处理 with sub-rows (2021)")
        } else if requestRows.contains(.otherAsOneRow) {
            score[.v2019, default: 0] += 0.5
            evidence.append("section 三 （六）其他处理 as one row (2019, or a 2021 report that merged it)")
        }
        let s2021 = score[.v2021] ?? 0, s2019 = score[.v2019] ?? 0
        guard s2021 + s2019 > 0 else {
            // Nothing in the tables says: the year decides, and review should confirm.
            let template: Template = (year ?? 2021) >= 2021 ? .v2021 : .v2019
            return Result(template: template, confidence: ConfidenceModel.templateFromYearOnly, evidence: ["no structural evidence; chosen from the year"])
        }
        let template: Template = s2021 >= s2019 ? .v2021 : .v2019
        let winner = max(s2021, s2019), loser = min(s2021, s2019)
        return Result(template: template, confidence: ConfidenceModel.templateConfidence(for: winner, against: loser), evidence: evidence.sorted())
    }
}
