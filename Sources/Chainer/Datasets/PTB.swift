import ChainerArray
import Foundation

extension Datasets {
    /// The Penn Treebank as long word-ID sequences (Chainer's `get_ptb_words`): the train, validation and test
    /// splits of Zaremba's version, each an int32 vector with `<eos>` after every line. IDs number the words in
    /// the order they first appear in the training text (see `ptbWordsVocabulary`). The three text files are
    /// downloaded once into `datasetRoot/pfnet/chainer/ptb/` and verified by SHA-256.
    public static func ptbWords() throws(DatasetError) -> (train: NDArray, valid: NDArray, test: NDArray) {
        try ptbWords(store: .standard)
    }

    /// The Penn Treebank vocabulary: each word (with `<eos>`) and its ID in `ptbWords` (Chainer's
    /// `get_ptb_words_vocabulary`).
    public static func ptbWordsVocabulary() throws(DatasetError) -> [String: Int] {
        try ptbWordsVocabulary(store: .standard)
    }

    static func ptbWords(store: DatasetStore) throws(DatasetError) -> (train: NDArray, valid: NDArray, test: NDArray) {
        let paths = try store.fetch(Manifests.ptb)
        let train = try ptbWordList(paths[0])
        let vocabulary = ptbVocabulary(train)
        func ids(_ words: [Substring], _ file: URL) throws(DatasetError) -> NDArray {
            var out = [Int32]()
            out.reserveCapacity(words.count)
            for w in words {
                guard let id = vocabulary[String(w)] else {
                    throw .badFile("\(file.lastPathComponent): the word \"\(w)\" is not in the training vocabulary")
                }
                out.append(Int32(id))
            }
            return NDArray(out)
        }
        return (try ids(train, paths[0]), try ids(try ptbWordList(paths[1]), paths[1]), try ids(try ptbWordList(paths[2]), paths[2]))
    }

    static func ptbWordsVocabulary(store: DatasetStore) throws(DatasetError) -> [String: Int] {
        ptbVocabulary(try ptbWordList(try store.fetch(Manifests.ptb)[0]))
    }

    /// IDs in order of first appearance.
    private static func ptbVocabulary(_ words: [Substring]) -> [String: Int] {
        var vocabulary: [String: Int] = [:]
        for w in words where vocabulary[String(w)] == nil { vocabulary[String(w)] = vocabulary.count }
        return vocabulary
    }

    /// The whitespace-separated words of each line followed by `<eos>`, as Chainer's `_load_words` (every line,
    /// blank ones included, ends with `<eos>`; a final line without a newline counts too).
    private static func ptbWordList(_ url: URL) throws(DatasetError) -> [Substring] {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .badFile("cannot read \(url.path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw .badFile("\(url.path) is not UTF-8 text") }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        if lines.last?.isEmpty == true { lines.removeLast() }
        var words: [Substring] = []
        for line in lines {
            words += line.split(whereSeparator: \.isWhitespace).map { Substring($0) }
            words.append("<eos>")
        }
        return words
    }
}
