// The CamLabReport module; see Package.swift for its place in the graph.
