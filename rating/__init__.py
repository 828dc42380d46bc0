"""The citizen's rating terminal (好差评) at a window: `hallq rate --window N`."""
