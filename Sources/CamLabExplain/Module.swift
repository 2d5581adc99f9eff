// The CamLabExplain module; see Package.swift for its place in the graph.
