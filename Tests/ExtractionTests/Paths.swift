import Foundation

/// Where the committed samples and fixtures live, found from this file so tests run from any directory.
enum Paths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let inbox = repository.appendingPathComponent("Samples/inbox")
    static let expected = repository.appendingPathComponent("Samples/expected")
    static let fixtures = repository.appendingPathComponent("Tests/ExtractionTests/Fixtures")
    /// ../shared beside the repository, as CI and developers have it.
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")

    /// The real WPS-made report of ../shared/corpus/real, never copied into the repository.
    static let realReport = shared.appendingPathComponent("corpus/real/hzq2023_working.pdf").path

    static func sample(_ name: String) -> String { inbox.appendingPathComponent(name).path }
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
}
