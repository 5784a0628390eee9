//! Reading JSON text: the tokenizer and the `FromJson` readers.
