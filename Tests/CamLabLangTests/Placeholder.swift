import Testing
@testable import CamLabLang
