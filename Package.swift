// swift-tools-version:6.1
import PackageDescription

// One module per stage, one direction of flow:
//   DocumentModel  <-  PageRaster  <-  PDFExtraction, OCRExtraction
//   DocumentModel  <-  DocxExtraction, HTMLExtraction, PDFExtraction, TableReconstruction, OCRExtraction  <-  SourceReading
//   DocumentModel, AgencyIdentity  <-  RecordModel  <-  ReportParser (a Document in, a Record out)
//   RecordModel  <-  RecordStore
//   SourceReading, RecordModel, RecordStore  <-  ReviewServer
//   SourceReading, ReportParser, RecordStore, ReviewServer  <-  gongkai
// Extractors know nothing of the template; the parser knows nothing of PDF, DOCX, HTML or scans.
let package = Package(
    name: "Gongkai",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gongkai", targets: ["GongkaiCLI"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // The review web app. No swift-configuration: settings come from the command line.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: ["FullFoundation"]),
    ],
    targets: [
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev", "poppler-data"])]
        ),
        // GLib (already there for poppler-glib) gives the SHA-256 files are known by.
        .systemLibrary(
            name: "CGLib",
            pkgConfig: "glib-2.0",
            providers: [.apt(["libglib2.0-dev"])]
        ),
        .systemLibrary(
            name: "CZip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Tesseract 5 through its C API (Leptonica comes with it), for scanned pages and pictures:
        // opened when first called, not linked (see TesseractLoader.c). Debian: libtesseract-dev,
        // tesseract-ocr-chi-sim, tesseract-ocr-eng (scripts/setup).
        .target(name: "CTesseract", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "DocumentModel"),
        // Pixels of a page: the ruling search the PDF extractor and the OCR stage share.
        .target(name: "PageRaster", dependencies: ["DocumentModel"]),
        .target(name: "DocxExtraction", dependencies: ["DocumentModel", "CZip", "CLibXML2"]),
        // Web pages and web archives, on libxml2's HTML parser.
        .target(name: "HTMLExtraction", dependencies: ["DocumentModel", "CLibXML2"]),
        // Lets the ruling search render a page without its glyphs (see GlyphSwitch.c).
        .target(name: "CGlyphSwitch", linkerSettings: [.linkedLibrary("dl")]),
        // SHA-256 by the processor's SHA extensions where it has them (see SHA256Extensions.c).
        .target(name: "CSHA256"),
        .target(name: "PDFExtraction", dependencies: ["DocumentModel", "PageRaster", "CPoppler", "CGlyphSwitch"]),
        .target(name: "TableReconstruction", dependencies: ["DocumentModel"]),
        // The national division table agencies are resolved to, embedded in the code: no file is
        // looked for at run time (scripts/make-divisions builds it).
        .target(name: "AgencyIdentity", resources: [.embedInCode("divisions.tsv")]),
        // The record: fields, sources, checks, the template's rows and columns, its JSON; the
        // agency's identity (division and body).
        .target(name: "RecordModel", dependencies: ["DocumentModel", "AgencyIdentity"]),
        .target(name: "ReportParser", dependencies: ["DocumentModel", "RecordModel", "AgencyIdentity"]),
        // Scanned pages to the document model: deskew, rulings, the grid's cells read one by one.
        .target(name: "OCRExtraction", dependencies: ["DocumentModel", "PageRaster", "TableReconstruction", "CTesseract"]),
        .target(
            name: "RecordStore",
            dependencies: ["RecordModel", "AgencyIdentity", "CGLib", "CSHA256", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // Any supported file into the document model, the extractor chosen by the file's bytes.
        .target(
            name: "SourceReading",
            dependencies: ["DocumentModel", "DocxExtraction", "HTMLExtraction", "PDFExtraction", "TableReconstruction", "OCRExtraction"]
        ),
        .target(
            name: "ReviewServer",
            dependencies: [
                "DocumentModel", "SourceReading", "RecordModel", "RecordStore",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "GongkaiCLI",
            dependencies: [
                "DocumentModel", "DocxExtraction", "SourceReading", "RecordModel", "ReportParser", "RecordStore", "ReviewServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "DocumentModelTests", dependencies: ["DocumentModel"]),
        .testTarget(name: "AgencyIdentityTests", dependencies: ["AgencyIdentity"]),
        .testTarget(name: "GongkaiCLITests", dependencies: ["GongkaiCLI", "DocumentModel", "RecordModel", "RecordStore", "SourceReading"],
                    exclude: ["Fixtures"]),
        // PDFExtraction: the tests write hostile PDFs at run time with its MinimalPDF; GRDB: they
        // break a store under the running server.
        .testTarget(
            name: "ReviewServerTests",
            dependencies: ["ReviewServer", "RecordStore", "RecordModel", "ReportParser", "SourceReading", "PDFExtraction",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "TableReconstructionTests", dependencies: ["TableReconstruction", "DocumentModel"]),
        // The parser's tests read the samples through the real extractors; the parser itself never does.
        .testTarget(
            name: "ReportParserTests",
            dependencies: ["ReportParser", "RecordModel", "AgencyIdentity", "DocumentModel", "DocxExtraction", "HTMLExtraction", "PDFExtraction", "TableReconstruction"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "RecordStoreTests", dependencies: ["RecordStore", "RecordModel", "ReportParser", "DocumentModel"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ExtractionTests",
            // CZip: the tests write a 50 MB DOCX at run time rather than commit one.
            // SourceReading: legacy files reach LibreOffice through it.
            dependencies: ["DocumentModel", "DocxExtraction", "HTMLExtraction", "PDFExtraction", "TableReconstruction", "SourceReading", "CZip", "CGlyphSwitch",
                           "PageRaster", "OCRExtraction"],
            exclude: ["Fixtures"]
        ),
    ]
)
