// Placeholder so the target builds until the language processor's files land; delete when they do.
