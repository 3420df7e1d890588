import ArgumentParser
import Foundation

@main
struct Gongkai: AsyncParsableCommand {
    // Every subcommand names itself too: a name ArgumentParser has to derive from the type
    // (String(describing:)) costs the Swift runtime a scan of every protocol conformance in the
    // binary for each type and protocol it checks, at every start.
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "Turns government information-disclosure annual reports (PDF, DOCX) into reviewable records.",
        subcommands: [Batch.self, Extract.self, Tables.self, Export.self, Status.self, Review.self, Worker.self]
    )

    static func main() async {
        // libzip turns each zip entry's DOS time into a date with mktime, which, TZ unset, reads
        // /etc/localtime again every time: 34 times a DOCX. Named once, glibc keeps the zone.
        if getenv("TZ") == nil { setenv("TZ", ":/etc/localtime", 0) }
        await main(nil)
    }
}
