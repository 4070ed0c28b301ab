// placeholder until the composer lands
