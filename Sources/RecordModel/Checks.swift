/// The template's arithmetic (勾稽关系), checked on the values as printed.
///
/// Rule names (stable; the store and reviewers key on them):
/// - `s3.row_total.<row>`: in section 三's row, the six applicant columns sum to 总计
///   (`<row>` is the middle of the row's keys: `new`, `withheld.state_secret`, `total` …);
/// - `s3.balance.<applicant>`: in the column, 一 + 二 = 三(七)总计 + 四;
/// - `s3.outcomes.<applicant>`: in the column, (一)…(六) with their sub-items sum to (七)总计;
/// - `s4.review`, `s4.litigation_direct`, `s4.litigation_after_review`:
///   维持 + 纠正 + 其他 + 尚未审结 = 总计.
package enum Checks {
    /// The value of each field, as the checks see it: nil inside where the field was read
    /// without a number.
    package typealias Values = FieldTable<FieldNumber?>

    package static func evaluate(_ values: Values, template: Template, otherAsOneRow: Bool) -> [CheckResult] {
        sums(template: template, otherAsOneRow: otherAsOneRow).map { $0.result(values) }
    }

    /// The sums a report of this layout is checked on, in the order `evaluate` lists their
    /// results: what the confidence model locates a broken sum's error with.
    package static func sums(template: Template, otherAsOneRow: Bool) -> [Sum] {
        switch (template, otherAsOneRow) {
        case (.v2021, false): sums2021
        case (.v2021, true): sums2021OtherAsOneRow
        case (.v2019, false): sums2019
        case (.v2019, true): sums2019OtherAsOneRow
        }
    }

    /// The sums of each layout, built once: their rules, words and keys are the template's, and
    /// building them for every report was most of the checks' cost. Each layout's when first
    /// asked for (a process reads one or two of the four).
    private static let sums2021 = buildSums(template: .v2021, otherAsOneRow: false)
    private static let sums2021OtherAsOneRow = buildSums(template: .v2021, otherAsOneRow: true)
    private static let sums2019 = buildSums(template: .v2019, otherAsOneRow: false)
    private static let sums2019OtherAsOneRow = buildSums(template: .v2019, otherAsOneRow: true)

    private static func buildSums(template: Template, otherAsOneRow: Bool) -> [Sum] {
        var sums: [Sum] = []
        let parts = Applicant.allCases.filter { $0 != .total }
        // The rows of section 三 the record has, as printed: a 2021 report printing （六） as one
        // row is checked on that row, not on the sub-rows derived from it.
        let outcomeRows = template == .v2021 && otherAsOneRow
            ? RequestRow.outcomes(of: .v2019)
            : RequestRow.outcomes(of: template)
        let rows = [RequestRow.new, .carriedOver] + outcomeRows + [.total, .carriedForward]

        for row in rows {
            sums.append(Sum(
                rule: "s3.row_total.\(row.rawValue)",
                leftLabels: parts.map(\.label), left: parts.map { row.key($0) },
                rightLabels: [Applicant.total.label], right: [row.key(.total)],
                involvedExtra: extraKeys(row: row, template: template, otherAsOneRow: otherAsOneRow, applicants: Applicant.allCases)))
        }
        for applicant in Applicant.allCases {
            sums.append(Sum(
                rule: "s3.balance.\(applicant.rawValue)",
                leftLabels: ["一", "二"], left: [RequestRow.new.key(applicant), RequestRow.carriedOver.key(applicant)],
                rightLabels: ["三(七)", "四"], right: [RequestRow.total.key(applicant), RequestRow.carriedForward.key(applicant)]))
        }
        for applicant in Applicant.allCases {
            sums.append(Sum(
                rule: "s3.outcomes.\(applicant.rawValue)",
                leftLabels: outcomeRows.map(\.shortLabel), left: outcomeRows.map { $0.key(applicant) },
                rightLabels: ["(七)"], right: [RequestRow.total.key(applicant)],
                involvedExtra: outcomeRows.flatMap { extraKeys(row: $0, template: template, otherAsOneRow: otherAsOneRow, applicants: [applicant]) }))
        }
        for group in AppealGroup.allCases {
            let outcomes: [AppealOutcome] = [.upheld, .corrected, .other, .pending]
            sums.append(Sum(
                rule: "s4.\(group.rawValue)",
                leftLabels: outcomes.map(\.label), left: outcomes.map(group.key),
                rightLabels: [AppealOutcome.total.label], right: [group.key(.total)]))
        }
        return sums
    }

    /// The record's keys a printed row stands for beyond its own: the derived sub-rows of a
    /// 2021 report's one-row （六）其他处理 are checked through that row.
    private static func extraKeys(row: RequestRow, template: Template, otherAsOneRow: Bool, applicants: [Applicant]) -> [String] {
        guard template == .v2021, otherAsOneRow, row == .otherAsOneRow else { return [] }
        return RequestRow.subRows(of: .other).flatMap { sub in applicants.map { sub.key($0) } }
    }

    /// `left₁ + left₂ … = right₁ + …`: what is added, in words and keys.
    package struct Sum: Sendable {
        package let rule: String
        package let left: [String]
        package let right: [String]
        /// The keys of the fields the sum involves.
        package let keys: [String]
        /// The places of `keys` in the catalogue (`FieldCatalog.place(of:)`), looked up once: the
        /// left side's first, then the right side's. nil for a key outside it, which has no value.
        package let places: [Int?]
        /// `一 + 二 = 三(七) + 四`.
        let words: String

        init(rule: String, leftLabels: [String], left: [String], rightLabels: [String], right: [String], involvedExtra: [String] = []) {
            self.rule = rule
            self.left = left
            self.right = right
            self.keys = left + right + involvedExtra
            self.places = keys.map(FieldCatalog.place(of:))
            self.words = leftLabels.joined(separator: " + ") + " = " + rightLabels.joined(separator: " + ")
        }

        /// The places of the left side's keys, then of the right side's.
        package var leftPlaces: ArraySlice<Int?> { places[..<left.count] }
        package var rightPlaces: ArraySlice<Int?> { places[left.count..<(left.count + right.count)] }

        /// The sum on a report's values, with the text the record shows.
        package func result(_ values: Values) -> CheckResult {
            // Each key looked up once: its value, or its name among the missing.
            var missing: [String] = []
            func lookUp(_ keys: [String], at places: ArraySlice<Int?>) -> [FieldNumber] {
                zip(keys, places).compactMap { key, place in
                    guard let place, let value = values[place: place] ?? nil else { missing.append(key); return nil }
                    return value
                }
            }
            let leftValues = lookUp(left, at: leftPlaces)
            let rightValues = lookUp(right, at: rightPlaces)
            guard missing.isEmpty else {
                return CheckResult(rule: rule, holds: false, text: words + ": not evaluated, no value for " + missing.joined(separator: ", "),
                                   keys: keys, evaluated: false)
            }
            let leftSum = leftValues.reduce(0) { $0 + $1.doubleValue }
            let rightSum = rightValues.reduce(0) { $0 + $1.doubleValue }
            let holds = abs(leftSum - rightSum) < 0.005
            // Written into one string: every record writes some forty of these.
            var text = words
            text.reserveCapacity(words.utf8.count + 8 * (leftValues.count + rightValues.count) + 8)
            text += ": "
            func write(_ values: [FieldNumber]) {
                for (index, value) in values.enumerated() {
                    if index > 0 { text += " + " }
                    text += value.description
                }
            }
            write(leftValues)
            text += holds ? " = " : " ≠ "
            write(rightValues)
            return CheckResult(rule: rule, holds: holds, text: text, keys: keys)
        }
    }
}

// MARK: Across years

extension Checks {
    /// The fields the check across years compares: 四、结转下年度继续办理 of the earlier year and
    /// 二、上年结转 of the later, each by applicant column.
    package static let carriedForwardKeys = Applicant.allCases.map { RequestRow.carriedForward.key($0) }
    package static let carriedOverKeys = Applicant.allCases.map { RequestRow.carriedOver.key($0) }

    /// 二、上年结转 of a year must equal 四、结转下年度继续办理 of the year before, column by column
    /// (rules `cross_year.carried_over.<applicant>`). `forwarded` holds the earlier year's values
    /// and `carried` the later year's, by field key; without both values of a column its check
    /// is not evaluated, as the record's own checks.
    package static func acrossYears(earlier: Int, forwarded: [String: FieldNumber],
                                    later: Int, carried: [String: FieldNumber]) -> [CheckResult] {
        let words = "\(RequestRow.carriedOver.shortLabel)、上年结转 \(later) = \(RequestRow.carriedForward.shortLabel)、结转下年度继续办理 \(earlier)"
        return Applicant.allCases.map { applicant in
            let overKey = RequestRow.carriedOver.key(applicant), forwardKey = RequestRow.carriedForward.key(applicant)
            let rule = "cross_year.carried_over.\(applicant.rawValue)"
            let keys = [overKey, forwardKey]
            guard let over = carried[overKey], let forward = forwarded[forwardKey] else {
                let missing = [(later, overKey, carried[overKey]), (earlier, forwardKey, forwarded[forwardKey])]
                    .filter { $0.2 == nil }.map { "\($0.0) \($0.1)" }
                return CheckResult(rule: rule, holds: false, text: "\(words): not evaluated, no value for " + missing.joined(separator: ", "),
                                   keys: keys, evaluated: false)
            }
            let holds = abs(over.doubleValue - forward.doubleValue) < 0.005
            return CheckResult(rule: rule, holds: holds, text: "\(words): \(over) \(holds ? "=" : "≠") \(forward)", keys: keys)
        }
    }
}

// MARK: The report's text as a second witness

extension Checks {
    /// The fields a `text.<target>` check covers, whose values added the text states: a field
    /// key (`s3.new.total`), an outcome group's 总计 column (`s3.withheld.total`: its sub-rows'),
    /// 行政诉讼 (`s4.litigation.total`: both groups') or all of section 四 (`s4.total`). nil for a
    /// target the template does not have.
    package static func statedKeys(target: String, template: Template, otherAsOneRow: Bool) -> [String]? {
        for group in OutcomeGroup.allCases where target == "s3.\(group.rawValue).total" {
            if group == .other, template == .v2019 || otherAsOneRow { return [RequestRow.otherAsOneRow.key(.total)] }
            return RequestRow.subRows(of: group).map { $0.key(.total) }
        }
        switch target {
        case "s4.litigation.total": return [AppealGroup.litigationDirect.key(.total), AppealGroup.litigationAfterReview.key(.total)]
        case "s4.total": return AppealGroup.allCases.map { $0.key(.total) }
        // Looked up, not searched for among the template's fields: every statement asks.
        default: return FieldCatalog.definition(of: target)?.templates.contains(template) == true ? [target] : nil
        }
    }

    /// The check (`text.<target>`) of a figure the text states, `quote` being its clause, against
    /// the table's values of `keys` added; not evaluated when one is missing.
    package static func stated(target: String, keys: [String], value: FieldNumber, quote: String, values: Values) -> CheckResult {
        let rule = "text.\(target)"
        let said = "`\(quote)`: the text's \(value)"
        let missing = keys.filter { (values[$0] ?? nil) == nil }
        guard missing.isEmpty else {
            return CheckResult(rule: rule, holds: false, text: "\(said); not evaluated, no value for " + missing.joined(separator: ", "),
                               keys: keys, evaluated: false)
        }
        let table = keys.reduce(0.0) { $0 + ((values[$1] ?? nil)?.doubleValue ?? 0) }
        let holds = abs(table - value.doubleValue) < 0.005
        let sum = keys.count == 1 ? "" : " (" + keys.joined(separator: " + ") + ")"
        return CheckResult(rule: rule, holds: holds, text: "\(said) \(holds ? "=" : "≠") the table's \(number(table))\(sum)", keys: keys)
    }

    /// A `text.*` check run again on other values (a reviewer's), from what its text says it
    /// stated; nil for a check of another kind or a text it did not write.
    package static func restated(_ check: CheckResult, values: Values, template: Template, otherAsOneRow: Bool) -> CheckResult? {
        guard check.rule.hasPrefix("text."), check.text.hasPrefix("`"),
              let quoteEnd = check.text.firstRange(of: "`: the text's ") else { return nil }
        let target = String(check.rule.dropFirst("text.".count))
        let quote = String(check.text[check.text.index(after: check.text.startIndex)..<quoteEnd.lowerBound])
        let figure = check.text[quoteEnd.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "-" }
        let value: FieldNumber? = Int(figure).map(FieldNumber.integer) ?? Double(figure).map(FieldNumber.decimal)
        guard let value, let keys = check.keys.isEmpty ? statedKeys(target: target, template: template, otherAsOneRow: otherAsOneRow) : check.keys
        else { return nil }
        return stated(target: target, keys: keys, value: value, quote: quote, values: values)
    }

    /// A number as the checks print it: whole numbers without a decimal point.
    package static func number(_ value: Double) -> String {
        let hundredths = (value * 100).rounded() / 100
        if hundredths == hundredths.rounded(), hundredths.magnitude < 1e15 { return String(Int(hundredths)) }
        return hundredths.description
    }
}
