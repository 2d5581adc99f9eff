import Testing
@testable import CamLabREPL
