import Testing
@testable import CamLabPlot
