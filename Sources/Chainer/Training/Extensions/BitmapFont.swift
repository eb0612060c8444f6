/// A hand-drawn bitmap font for printable ASCII, so the PNG charts can carry text without a font library: capitals
/// and digits are 5×7 pixels, and a row under the baseline holds descenders, making each cell 5×8.
enum BitmapFont {
    /// The width of a glyph's cell, in pixels.
    static let glyphWidth = 5
    /// The horizontal distance from one glyph to the next (one blank column between).
    static let advance = 6
    /// The rows above the baseline (the cell's eighth row lies below it).
    static let ascent = 7

    /// One glyph per character from " " (0x20) to "~" (0x7E): bit `5 * row + column` is set where the pixel is ink,
    /// rows counted from the top of the cell and columns from the left.
    private static let glyphs: [UInt64] = [
        0x0000000000, 0x0100421084, 0x000000014a, 0x0295f57d4a, 0x011f4717c4, 0x0632222263,  //   ! " # $ %
        0x0593511526, 0x0000000084, 0x0208210888, 0x0088842082, 0x0009575480, 0x00084f9080,  // & ' ( ) * +
        0x110c000000, 0x00000f8000, 0x018c000000, 0x0002222200, 0x03a33ae62e, 0x03884210c4,  // , - . / 0 1
        0x07c444422e, 0x03a306422e, 0x0211f4a988, 0x03a3083c3f, 0x03a317844c, 0x008422221f,  // 2 3 4 5 6 7
        0x03a317462e, 0x01910f462e, 0x000c6018c0, 0x00886018c0, 0x0208208888, 0x0001f07c00,  // 8 9 : ; < =
        0x0088882082, 0x010044422e, 0x0383daf62e, 0x04631fc62e, 0x03e317c62f, 0x03a210862e,  // > ? @ A B C
        0x03e318c62f, 0x07c217843f, 0x004217843f, 0x07a31e862e, 0x04631fc631, 0x038842108e,  // D E F G H I
        0x019284211c, 0x0452519531, 0x07c2108421, 0x04631ad771, 0x04639ace31, 0x03a318c62e,  // J K L M N O
        0x004217c62f, 0x059358c62e, 0x045257c62f, 0x03e107043e, 0x010842109f, 0x03a318c631,  // P Q R S T U
        0x011518c631, 0x02ab5ac631, 0x0462a22a31, 0x0108422a31, 0x07c222221f, 0x038421084e,  // V W X Y Z [
        0x0020820820, 0x039084210e, 0x0000004544, 0xf800000000, 0x0000000082, 0x07a3e83800,  // \ ] ^ _ ` a
        0x03e318bc21, 0x03a210b800, 0x07a318fa10, 0x0383f8b800, 0x0084238a4c, 0x743d18f800,  // b c d e f g
        0x046319b421, 0x0388421804, 0x3250843008, 0x024a32a421, 0x0388421086, 0x056b5aac00,  // h i j k l m
        0x046319b400, 0x03a318b800, 0x085f18bc00, 0x843d18f800, 0x004219b400, 0x03e0e0f800,  // n o p q r s
        0x0324211c42, 0x05b318c400, 0x011518c400, 0x02ab58c400, 0x0454454400, 0x743d18c400,  // t u v w x y
        0x07c4447c00, 0x0208411088, 0x0108421084, 0x0088441082, 0x00008a8800,  // z { | } ~
    ]

    /// The width in pixels of `text` when drawn.
    static func width(of text: String) -> Int { text.isEmpty ? 0 : advance * text.unicodeScalars.count - 1 }

    /// Calls `ink(x, y)` for each inked pixel of `text` drawn with its cell's left edge at `x` and its baseline at
    /// `baseline`; characters outside printable ASCII are drawn as "?".
    static func forEachPixel(of text: String, x: Int, baseline: Int, _ ink: (Int, Int) -> Void) {
        let top = baseline - ascent
        for (i, scalar) in text.unicodeScalars.enumerated() {
            let code = (0x20...0x7E).contains(scalar.value) ? Int(scalar.value) : 0x3F
            let glyph = glyphs[code - 0x20]
            for row in 0..<8 {
                for column in 0..<glyphWidth where glyph >> UInt64(row * glyphWidth + column) & 1 == 1 {
                    ink(x + i * advance + column, top + row)
                }
            }
        }
    }
}
