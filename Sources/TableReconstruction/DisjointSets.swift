/// Elements `0..<count` in sets that `union` merges, each set known by its root: rulings that
/// meet make one table's grid, grid positions no ruling separates make one cell.
struct DisjointSets {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    /// The set's root, halving the path to it on the way.
    mutating func root(_ element: Int) -> Int {
        var element = element
        while parent[element] != element {
            parent[element] = parent[parent[element]]
            element = parent[element]
        }
        return element
    }

    mutating func union(_ a: Int, _ b: Int) {
        let (rootA, rootB) = (root(a), root(b))
        if rootA != rootB { parent[rootA] = rootB }
    }

    /// The elements grouped by set.
    mutating func sets() -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for element in parent.indices { byRoot[root(element), default: []].append(element) }
        return Array(byRoot.values)
    }
}
