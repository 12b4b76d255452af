internal import CLibXML2

/// libxml2's one-time set-up, done once before the first parse on any thread (pages are parsed
/// on all cores).
enum LibXMLSetup {
    static let done: Bool = {
        xmlInitParser()
        return true
    }()
}
