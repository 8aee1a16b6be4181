import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Shell
import Engine

/// `--svg FILE` of %show and %plot: the SVG must be well-formed XML with the picture's cells,
/// the kernel numbers and the legend, and render with rsvg-convert when it is installed
/// (scripts/setup installs librsvg2-bin).
final class SVGTests: XCTestCase {
    func kernels() throws -> Tensor {
        Generator.global.manualSeed(0)
        return try Tensor.randn([6, 1, 3, 3])
    }

    func testKernelPictureSVG() throws {
        let picture = Picture.of(try kernels(), title: "net.conv1.weight", width: 80, columnsPerPixel: 2, scope: nil)
        XCTAssertEqual(picture.mode, .numbers)
        let svg = PictureSVG(picture: picture).render()
        let doc = try parse(svg)
        // a background, 54 cells, 40 legend steps
        XCTAssertEqual(doc.count("rect"), 1 + 54 + 40)
        XCTAssertTrue(doc.texts.contains("[5, 0]"))
        let format = NumberFormat(values: picture.panels.flatMap(\.values))
        for v in picture.panels[0].values { XCTAssertTrue(doc.texts.contains(format.text(v)), "kernel value \(v) missing") }
        XCTAssertTrue(doc.texts.contains { $0.hasPrefix("min ") })
        try render(svg, name: "kernels")
    }

    func testFeatureMapSVG() throws {
        Generator.global.manualSeed(0)
        let maps = try relu(try Tensor.randn([1, 2, 30, 30]))
        let picture = Picture.of(maps, title: "relu", width: 80, columnsPerPixel: 2, scope: nil)
        XCTAssertEqual(picture.mode, .pixels)
        let doc = try parse(PictureSVG(picture: picture).render())
        XCTAssertEqual(doc.count("rect"), 1 + 2 * 900 + 40)
        try render(PictureSVG(picture: picture).render(), name: "maps")
    }

    func testPlotSVG() throws {
        var chart = PlotChart(series: [PlotSeries(name: "losses", values: (0..<60).map { exp(-Double($0) / 10) }),
                                       PlotSeries(name: "half", values: (0..<60).map { exp(-Double($0) / 10) / 2 })],
                              logScale: true, height: 12)
        try chart.prepare()
        let svg = chart.svg()
        let doc = try parse(svg)
        XCTAssertEqual(doc.count("polyline"), 2)
        XCTAssertTrue(doc.texts.contains("losses, half  (log scale)"))
        XCTAssertTrue(doc.texts.contains("0.01"))
        try render(svg, name: "plot")
    }

    func testEscaping() throws {
        XCTAssertEqual(SVGDocument.escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;")
        var d = SVGDocument(width: 10, height: 10)
        d.text("x[0] < 1 & y", x: 1, y: 1)
        _ = try parse(d.text)
    }

    // MARK: helpers

    struct Parsed {
        var elements: [String] = []
        var texts: [String] = []
        func count(_ name: String) -> Int { elements.filter { $0 == name }.count }
    }

    final class Collector: NSObject, XMLParserDelegate {
        var parsed = Parsed()
        var current = ""
        var inText = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            parsed.elements.append(name)
            if name == "text" { inText = true; current = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { parsed.texts.append(current); inText = false }
        }
    }

    func parse(_ svg: String) throws -> Parsed {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else {
            throw NSError(domain: "SVG", code: 1, userInfo: [NSLocalizedDescriptionKey: "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")"])
        }
        XCTAssertEqual(collector.parsed.elements.first, "svg")
        return collector.parsed
    }

    /// Renders with rsvg-convert when it is installed; a failure to render fails the test.
    func render(_ svg: String, name: String) throws {
        let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnrepl-svg-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent(name + ".svg"), output = dir.appendingPathComponent(name + ".png")
        try svg.write(to: input, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = [input.path, "-o", output.path]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "rsvg-convert could not render \(name).svg")
        let size = (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size ?? 0, 1000, "rsvg-convert wrote no picture for \(name).svg")
    }
}
