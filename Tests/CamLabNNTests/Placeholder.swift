import Testing
@testable import CamLabNN
