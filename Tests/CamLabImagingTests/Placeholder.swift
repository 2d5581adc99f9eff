import Testing
@testable import CamLabImaging
