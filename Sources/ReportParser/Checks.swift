/// The template's arithmetic (勾稽关系), checked on the values as printed.
///
/// Rule names (stable; the store and reviewers key on them):
/// - `s3.row_total.<row>`: in section 三's row, the six applicant columns sum to 总计
///   (`<row>` is the middle of the row's keys: `new`, `withheld.state_secret`, `total` …);
/// - `s3.balance.<applicant>`: in the column, 一 + 二 = 三(七)总计 + 四;
/// - `s3.outcomes.<applicant>`: in the column, (一)…(六) with their sub-items sum to (七)总计;
/// - `s4.review`, `s4.litigation_direct`, `s4.litigation_after_review`:
///   维持 + 纠正 + 其他 + 尚未审结 = 总计.
enum Checks {
    /// The value of each key, as the checks see it.
    typealias Values = [String: FieldNumber?]

    static func evaluate(_ values: Values, template: Template, otherAsOneRow: Bool) -> [CheckResult] {
        var results: [CheckResult] = []
        let parts = Applicant.allCases.filter { $0 != .total }
        // The rows of section 三 the record has, as printed: a 2021 report printing （六） as one
        // row is checked on that row, not on the sub-rows derived from it.
        let outcomeRows = template == .v2021 && otherAsOneRow
            ? RequestRow.outcomes(of: .v2019)
            : RequestRow.outcomes(of: template)
        let rows = [RequestRow.new, .carriedOver] + outcomeRows + [.total, .carriedForward]

        for row in rows {
            results.append(sum(
                rule: "s3.row_total.\(row.rawValue)",
                leftLabels: parts.map(\.label), left: parts.map { row.key($0) },
                rightLabels: [Applicant.total.label], right: [row.key(.total)], values: values,
                involvedExtra: extraKeys(row: row, template: template, otherAsOneRow: otherAsOneRow, applicants: Applicant.allCases)))
        }
        for applicant in Applicant.allCases {
            results.append(sum(
                rule: "s3.balance.\(applicant.rawValue)",
                leftLabels: ["一", "二"], left: [RequestRow.new.key(applicant), RequestRow.carriedOver.key(applicant)],
                rightLabels: ["三(七)", "四"], right: [RequestRow.total.key(applicant), RequestRow.carriedForward.key(applicant)],
                values: values))
        }
        for applicant in Applicant.allCases {
            results.append(sum(
                rule: "s3.outcomes.\(applicant.rawValue)",
                leftLabels: outcomeRows.map(\.shortLabel), left: outcomeRows.map { $0.key(applicant) },
                rightLabels: ["(七)"], right: [RequestRow.total.key(applicant)], values: values,
                involvedExtra: outcomeRows.flatMap { extraKeys(row: $0, template: template, otherAsOneRow: otherAsOneRow, applicants: [applicant]) }))
        }
        for group in AppealGroup.allCases {
            let outcomes: [AppealOutcome] = [.upheld, .corrected, .other, .pending]
            results.append(sum(
                rule: "s4.\(group.rawValue)",
                leftLabels: outcomes.map(\.label), left: outcomes.map { "s4.\(group.rawValue).\($0.rawValue)" },
                rightLabels: [AppealOutcome.total.label], right: ["s4.\(group.rawValue).total"], values: values))
        }
        return results
    }

    /// The record's keys a printed row stands for beyond its own: the derived sub-rows of a
    /// 2021 report's one-row （六）其他处理 are checked through that row.
    private static func extraKeys(row: RequestRow, template: Template, otherAsOneRow: Bool, applicants: [Applicant]) -> [String] {
        guard template == .v2021, otherAsOneRow, row == .otherAsOneRow else { return [] }
        return RequestRow.subRows(of: .other).flatMap { sub in applicants.map { sub.key($0) } }
    }

    /// `left₁ + left₂ … = right₁ + …`, with the text the record shows.
    static func sum(rule: String, leftLabels: [String], left: [String], rightLabels: [String], right: [String],
                    values: Values, involvedExtra: [String] = []) -> CheckResult {
        let keys = left + right + involvedExtra
        let words = leftLabels.joined(separator: " + ") + " = " + rightLabels.joined(separator: " + ")
        let missing = (left + right).filter { (values[$0] ?? nil) == nil }
        guard missing.isEmpty else {
            return CheckResult(rule: rule, holds: false, text: words + ": not evaluated, no value for " + missing.joined(separator: ", "),
                               keys: keys, evaluated: false)
        }
        let leftValues = left.compactMap { values[$0] ?? nil }
        let rightValues = right.compactMap { values[$0] ?? nil }
        let leftSum = leftValues.reduce(0) { $0 + $1.doubleValue }
        let rightSum = rightValues.reduce(0) { $0 + $1.doubleValue }
        let holds = abs(leftSum - rightSum) < 0.005
        let numbers = leftValues.map(\.description).joined(separator: " + ") + (holds ? " = " : " ≠ ")
            + rightValues.map(\.description).joined(separator: " + ")
        return CheckResult(rule: rule, holds: holds, text: words + ": " + numbers, keys: keys)
    }
}
