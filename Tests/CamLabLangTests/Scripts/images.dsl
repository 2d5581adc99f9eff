# matplotlib's Greens: 0 → (0.968627, 0.988235, 0.960784), 1 → #00441b = (0, 68, 27) / 255.
g = image(tensor([[0, 1], [1, 0]]), colormap: greens)
print(g, g.width, g.height, g.channels)   # expect: <image 2×2, RGB> 2 2 3
save(g, "images/g.png")
save(g, "images/g.ppm")
print(load("images/g.png"))   # expect: <image 2×2, RGB>
x = load_image("images/g.png")
print(x.shape, x[0, 0, 1] * 255)          # expect: (1, 2, 2, 3) tensor([0, 68, 27], shape=(3,))
print(load_image("images/g.png", size: (4, 4), gray: true).shape)  # expect: (1, 4, 4, 1)
print(image(tensor([[0, 1], [1, 0]]), size: (4, 6)))     # expect: <image 6×4, gray>
print(image(tensor([[[0, 1, 0.5]]])).channels)           # expect: 3
print(side_by_side(g, g, titles: ["a", "b"]).height > side_by_side(g, g).height)  # expect: true
print(reds, nearest, type(reds), type(lanczos))          # expect: reds nearest colormap resampling
image(tensor([[0, 1]]), colormap: "greenz")   # expect error col 35: image: unknown colormap 'greenz'
