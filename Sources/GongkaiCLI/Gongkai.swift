import ArgumentParser

@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "Turns government information-disclosure annual reports (PDF, DOCX) into reviewable records.",
        subcommands: [Extract.self, Tables.self]
    )
}
