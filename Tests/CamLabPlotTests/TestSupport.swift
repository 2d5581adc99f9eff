import Foundation
import CamLabTestSupport

/// Facts about an SVG document read by Python's `xml.etree` (which rejects malformed XML): the root's tag and
/// viewBox, every text element's content in document order, and every image's href.
struct ParsedSVG: Decodable {
    let root: String
    let viewBox: String
    let texts: [String]
    let images: [String]
    let polylines: [String]
    let rects: Int
}

func parseSVG(_ svg: String) throws -> ParsedSVG {
    let script = """
    import sys, json, xml.etree.ElementTree as ET
    root = ET.fromstring(sys.stdin.read())
    ns = '{http://www.w3.org/2000/svg}'
    print(json.dumps({
        'root': root.tag, 'viewBox': root.get('viewBox', ''),
        'texts': [''.join(t.itertext()) for t in root.iter(ns + 'text')],
        'images': [i.get('href', '') for i in root.iter(ns + 'image')],
        'polylines': [p.get('points', '') for p in root.iter(ns + 'polyline')],
        'rects': len(list(root.iter(ns + 'rect'))),
    }))
    """
    return try JSONDecoder().decode(ParsedSVG.self, from: Data(try runPython(script, input: svg).utf8))
}
