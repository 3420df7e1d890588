import ArgumentParser

@main
struct Gongkai: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "Turns government information-disclosure annual reports (PDF, DOCX) into reviewable records.",
        subcommands: [Batch.self, Extract.self, Tables.self, Export.self, Status.self, Review.self]
    )
}
