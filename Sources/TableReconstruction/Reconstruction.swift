import DocumentModel

/// Turns the pages of a fixed-layout document into blocks in reading order.
public func reconstructBlocks(pages: [Page]) -> [Block] {
    pages.flatMap { page in
        paragraphs(of: page.lines, page: page.number).map(Block.paragraph)
    }
}
