# Type names take "an" before a vowel.
picture = image(zeros(2, 2))
picture[0]   # expect error col 1: an image cannot be indexed
