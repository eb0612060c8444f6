import ChainerArray

/// Line charts as RGB images, for PNG files: the same layout, colours and dashes as the SVG, with the text in
/// `BitmapFont`.
extension LineChart {
    /// This chart as a uint8 `(height, width, 3)` image.
    public func raster() -> NDArray { LineChart.raster([self]) }

    /// One uint8 `(height, width, 3)` image with `charts` side by side, as `document(_:)` lays them out.
    public static func raster(_ charts: [LineChart]) -> NDArray {
        let width = charts.reduce(0) { $0 + $1.width }, height = charts.map(\.height).max() ?? 0
        var canvas = RasterCanvas(width: Swift.max(Int(width.rounded()), 1), height: Swift.max(Int(height.rounded()), 1))
        for chart in charts {
            chart.draw(on: &canvas)
            canvas.offset.x += chart.width
        }
        return canvas.array
    }

    /// Draws the chart with its top-left corner at the canvas' offset.
    func draw(on canvas: inout RasterCanvas) {
        let layout = ChartLayout(self)
        let f = layout.frame
        // The grid goes first so that the frame covers the grid lines on its edges.
        for g in layout.gridlines { canvas.rule(g, color: RasterCanvas.Color(hex: ChartLayout.gridColor)) }
        let corners = [(f.x, f.y), (f.x + f.width, f.y), (f.x + f.width, f.y + f.height), (f.x, f.y + f.height), (f.x, f.y)]
        for (a, b) in zip(corners, corners.dropFirst()) {
            canvas.rule(ChartLayout.Segment(x1: a.0, y1: a.1, x2: b.0, y2: b.1), color: .black)
        }
        for t in layout.tickMarks { canvas.rule(t, color: .black) }
        for label in layout.labels { canvas.text(label, color: .black) }
        for (k, s) in series.enumerated() {
            let color = RasterCanvas.Color(hex: ChartLayout.color(k))
            let dash = LineChart.dashLengths(s.dash)
            let points = s.points.map(layout.position)
            canvas.stroke(points, color: color, lineWidth: 2, dash: dash)
            for p in points { canvas.dot(p, radius: 2.5, color: color) }
            let entry = layout.legend[k]
            canvas.stroke([(entry.swatch.x1, entry.swatch.y1), (entry.swatch.x2, entry.swatch.y2)],
                          color: color, lineWidth: 2, dash: dash)
            canvas.text(entry.label, color: .black)
        }
    }

    /// The lengths of an SVG `stroke-dasharray` ("4,3"); empty, meaning solid, when there is none or it draws
    /// nothing. An odd count repeats, as SVG reads it.
    static func dashLengths(_ dash: String?) -> [Double] {
        guard let dash else { return [] }
        let lengths = dash.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
        guard lengths.allSatisfy({ $0 >= 0 && $0.isFinite }), lengths.contains(where: { $0 > 0 }) else { return [] }
        return lengths.count % 2 == 1 ? lengths + lengths : lengths
    }
}
