import Testing
@testable import CamLabData
