import Testing
@testable import CamLabReport
