import DocumentModel
@testable import RecordModel
@testable import ReportParser

/// Small documents built in code, for cases the samples do not have.
enum Synthetic {
    /// A table of single cells (no merges) from rows of text.
    static func table(_ rows: [[String]]) throws -> Table {
        let columns = rows.map(\.count).max() ?? 0
        let cells = rows.enumerated().flatMap { row, texts in
            texts.enumerated().map { column, text in Cell(row: row, column: column, text: text) }
        }
        return try Table(rowCount: rows.count, columnCount: columns, cells: cells)
    }

    static let applicantHeader = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    /// Seven values of a row: the natural-person count, zeros for organisations, the total.
    static func values(_ count: Int, total: Int? = nil) -> [String] {
        [String(count), "0", "0", "0", "0", "0", String(total ?? count)]
    }

    /// Section 二 in the 2021 template, without merges.
    static func proactiveRows(licensing: String = "550", penalty: String = "4119") -> [[String]] {
        [
            ["第二十条第（一）项", "", "", ""],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"],
            ["行政规范性文件", "0", "5", "5"],
            ["第二十条第（五）项", "", "", ""],
            ["信息内容", "本年处理决定数量", "", ""],
            ["行政许可", licensing, "", ""],
            ["第二十条第（六）项", "", "", ""],
            ["信息内容", "本年处理决定数量", "", ""],
            ["行政处罚", penalty, "", ""],
            ["行政强制", "195", "", ""],
            ["第二十条第（八）项", "", "", ""],
            ["信息内容", "本年收费金额（单位：万元）", "", ""],
            ["行政事业性收费", "7730.28", "", ""],
        ]
    }

    /// Section 三 in the 2021 template without merges: the group label only on a group's first
    /// row, as a table without merged cells prints it. `other` replaces the （六） rows.
    static func requestRows(new: [String] = values(3), granted: [String] = values(1), other: [[String]]? = nil,
                            total: [String] = values(3)) -> [[String]] {
        let zero = values(0)
        var rows: [[String]] = [applicantHeader]
        rows.append(["一、本年新收政府信息公开申请数量", ""] + new)
        rows.append(["二、上年结转政府信息公开申请数量", ""] + zero)
        rows.append(["三、本年度办理结果", "（一）予以公开"] + granted)
        rows.append(["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] + zero)
        let withheld = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
        for (index, label) in withheld.enumerated() { rows.append([index == 0 ? "（三）不予公开" : "", label] + zero) }
        let unavailable = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
        for (index, label) in unavailable.enumerated() { rows.append([index == 0 ? "（四）无法提供" : "", label] + zero) }
        let notProcessed = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                            "5.要求行政机关确认或重新出具已获取信息"]
        for (index, label) in notProcessed.enumerated() { rows.append([index == 0 ? "（五）不予处理" : "", label] + zero) }
        rows += other ?? [
            ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"] + values(2),
            ["", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"] + zero,
            ["", "3.其他"] + zero,
        ]
        rows.append(["（七）总计", ""] + total)
        rows.append(["四、结转下年度继续办理", ""] + zero)
        return rows
    }

    static func appealRows(_ values: [String] = Array(repeating: "0", count: 15)) -> [[String]] {
        let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        return [
            ["行政复议", "", "", "", "", "行政诉讼"] + Array(repeating: "", count: 9),
            outcomes + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
            Array(repeating: "", count: 5) + outcomes + outcomes,
            values,
        ]
    }

    /// A whole report: title, headings and the three tables, in the order given.
    static func document(title: [String] = ["洪泽区人民政府", "2023年政府信息公开工作年度报告"],
                         body: [String] = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。洪泽区人民政府…"],
                         blocks: [Block]? = nil,
                         proactive: [[String]] = proactiveRows(), requests: [[String]] = requestRows(),
                         appeals: [[String]] = appealRows()) throws -> Document {
        var all: [Block] = (title + body).map { .paragraph(Paragraph(text: $0)) }
        all += try blocks ?? [
            .paragraph(Paragraph(text: "二、主动公开政府信息情况")), .table(try table(proactive)),
            .paragraph(Paragraph(text: "三、收到和处理政府信息公开申请情况")), .table(try table(requests)),
            .paragraph(Paragraph(text: "四、政府信息公开行政复议、行政诉讼情况")), .table(try table(appeals)),
        ]
        return Document(kind: .docx, pages: [], blocks: all)
    }

    static func parse(_ document: Document) -> Record {
        ReportParser.parse(document, source: SourceInfo(file: "synthetic.docx", sha256: "", kind: .docx))
    }
}
