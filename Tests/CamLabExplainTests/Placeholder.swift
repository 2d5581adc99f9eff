import Testing
@testable import CamLabExplain
