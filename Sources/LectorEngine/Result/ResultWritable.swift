import Foundation
import LectorCore

/// A type that writes its own JSON into a ``ResultWriter``: the same bytes as its `Encodable`
/// form through ``ResultEncoder``, without building a tree first.
///
/// The result file is the largest thing the daemon writes for an article, and going through
/// `Encoder` cost an object for every nested value, an existential container for every member and
/// a sort of every object's keys. The result and the built-in annotations (segments, language,
/// entities, summary) write themselves instead; an annotation of any other type (a plugin's
/// ``LectorCore/JSONValue``) still goes through ``ResultEncoder``.
///
/// ## Implementation requirements
///
/// Write the members in the order of their keys' UTF-8 bytes, as `JSONEncoder`'s `.sortedKeys`
/// does, leave out an optional member that is nil (as `encodeIfPresent` does), and write what
/// the type's `encode(to:)` writes, key for key. `ResultWriterTests` compares both forms on the
/// seed articles' results.
///
/// ```swift
/// extension TextRange: ResultWritable {
///     func write(to writer: inout ResultWriter) {
///         writer.beginObject()
///         writer.key("end"); writer.value(end)
///         writer.key("start"); writer.value(start)
///         writer.endObject()
///     }
/// }
/// ```
protocol ResultWritable {
    func write(to writer: inout ResultWriter)
}

extension ResultWriter {
    mutating func value(_ value: some ResultWritable) { value.write(to: &self) }

    mutating func array<Element: ResultWritable>(_ elements: [Element]) {
        beginArray()
        for element in elements {
            self.element()
            element.write(to: &self)
        }
        endArray()
    }

    mutating func array(_ elements: [String]) {
        beginArray()
        for element in elements {
            self.element()
            string(element)
        }
        endArray()
    }

    /// A date as ``ResultEncoder`` writes it: ISO 8601 UTC with milliseconds.
    mutating func value(_ date: Date) {
        string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}

// MARK: - The result

extension ArticleResult: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("annotations")
        annotations.write(to: &writer)
        writer.key("document")
        document.write(to: &writer)
        if let error {
            writer.key("error")
            error.write(to: &writer)
        }
        writer.key("id")
        writer.value(id)
        writer.key("lector_version")
        writer.value(lectorVersion)
        writer.key("pipeline")
        writer.array(pipeline)
        writer.key("processed_at")
        writer.value(processedAt)
        // An object keyed by id, as the Encodable form writes it: sorted by id, the last of
        // equal ids kept.
        writer.key("processors")
        writer.beginObject()
        for report in processors.enumerated().sorted(by: Self.byID).map(\.element) {
            writer.key(report.id)
            report.write(to: &writer)
        }
        writer.endObject()
        writer.key("schema_version")
        writer.value(Self.schemaVersion)
        writer.key("source")
        source.write(to: &writer)
        writer.key("status")
        writer.value(status)
        writer.endObject()
    }

    private static func byID(
        _ a: (offset: Int, element: ProcessorReport), _ b: (offset: Int, element: ProcessorReport)
    ) -> Bool {
        if a.element.id == b.element.id { return a.offset < b.offset }
        return a.element.id.utf8.lexicographicallyPrecedes(b.element.id.utf8)
    }
}

extension ArticleResult.DocumentSection: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("bom")
        writer.value(decoding.hadBOM)
        if let confidence = decoding.confidence {
            writer.key("confidence")
            writer.value(confidence)
        }
        if let declaredTitle {
            writer.key("declared_title")
            writer.value(declaredTitle)
        }
        writer.key("encoding")
        writer.value(decoding.encoding)
        writer.key("encoding_source")
        writer.value(decoding.encodingSource.rawValue)
        writer.key("format")
        writer.value(decoding.format.rawValue)
        writer.key("length")
        writer.value(length)
        if let text {
            writer.key("text")
            writer.value(text)
        }
        writer.endObject()
    }
}

extension ArticleResult.ArticleError: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("code")
        writer.value(code)
        writer.key("message")
        writer.value(message)
        if let processor {
            writer.key("processor")
            writer.value(processor)
        }
        writer.endObject()
    }
}

extension ProcessorReport: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("duration_ms")
        writer.value(durationMs)
        if let error {
            writer.key("error")
            writer.value(error)
        }
        writer.key("id")
        writer.value(id)
        writer.key("provides")
        writer.array(provides.map(\.rawValue))
        writer.key("required")
        writer.value(required)
        writer.key("status")
        writer.value(status.rawValue)
        writer.key("version")
        writer.value(version)
        writer.endObject()
    }
}

extension SourceInfo: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("folder")
        writer.value(folder)
        writer.key("name")
        writer.value(name)
        if let nameBytesHex {
            writer.key("name_bytes_hex")
            writer.value(nameBytesHex)
        }
        writer.key("received_at")
        writer.value(receivedAt)
        writer.key("sha256")
        writer.value(sha256)
        writer.key("size")
        writer.value(size)
        writer.endObject()
    }
}

// MARK: - The annotations

extension Annotations: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        for name in names {
            guard let value = value(named: name) else { continue }
            writer.key(name.rawValue)
            if let writable = value as? any ResultWritable {
                writable.write(to: &writer)
            } else {
                // A plugin's annotation, or a type this file does not know: through the encoder,
                // as the Encodable form does. That fails only for a number JSON has no form for;
                // then the whole result is encoded again through ResultEncoder, which reports it.
                ResultEncoder.write(value, to: &writer)
            }
        }
        writer.endObject()
    }
}

extension TextRange: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("end")
        writer.value(end)
        writer.key("start")
        writer.value(start)
        writer.endObject()
    }
}

extension Segmentation: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("boilerplate_word_count")
        writer.value(boilerplateWordCount)
        if let lead {
            writer.key("lead")
            writer.value(lead)
        }
        writer.key("paragraphs")
        writer.array(paragraphs)
        writer.key("sentences")
        writer.array(sentences)
        if let title {
            writer.key("title")
            writer.value(title)
        }
        writer.key("word_count")
        writer.value(wordCount)
        writer.endObject()
    }
}

extension Segmentation.Paragraph: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("first_sentence")
        writer.value(firstSentence)
        writer.key("kind")
        writer.value(kind.rawValue)
        writer.key("range")
        writer.value(range)
        if let reason {
            writer.key("reason")
            writer.value(reason)
        }
        writer.key("sentence_count")
        writer.value(sentenceCount)
        writer.key("word_count")
        writer.value(wordCount)
        writer.endObject()
    }
}

extension Segmentation.Sentence: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("boilerplate")
        writer.value(isBoilerplate)
        writer.key("paragraph")
        writer.value(paragraph)
        writer.key("range")
        writer.value(range)
        writer.key("word_count")
        writer.value(wordCount)
        writer.endObject()
    }
}

extension LanguageIdentification: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("alternatives")
        writer.array(alternatives)
        writer.key("composition")
        writer.array(composition)
        writer.key("confidence")
        writer.value(confidence)
        writer.key("language")
        writer.value(language)
        writer.key("letter_count")
        writer.value(letterCount)
        writer.key("method")
        writer.value(method)
        writer.key("name")
        writer.value(name)
        writer.key("reliable")
        writer.value(isReliable)
        writer.key("script")
        writer.value(script)
        writer.key("spans")
        writer.array(spans)
        writer.endObject()
    }
}

extension LanguageIdentification.Candidate: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("language")
        writer.value(language)
        writer.key("name")
        writer.value(name)
        writer.key("score")
        writer.value(score)
        writer.endObject()
    }
}

extension LanguageIdentification.Share: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("language")
        writer.value(language)
        writer.key("name")
        writer.value(name)
        writer.key("percent")
        writer.value(percent)
        writer.endObject()
    }
}

extension LanguageIdentification.Span: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("confidence")
        writer.value(confidence)
        writer.key("language")
        writer.value(language)
        writer.key("name")
        writer.value(name)
        writer.key("range")
        writer.value(range)
        writer.key("script")
        writer.value(script)
        writer.endObject()
    }
}

extension Entities: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("items")
        writer.array(items)
        if let model {
            writer.key("model")
            writer.value(model)
        }
        writer.endObject()
    }
}

extension Entities.Entity: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("body_count")
        writer.value(bodyCount)
        if let canonical {
            writer.key("canonical")
            writer.value(canonical)
        }
        writer.key("count")
        writer.value(count)
        writer.key("mentions")
        writer.array(mentions)
        writer.key("score")
        writer.value(score)
        writer.key("text")
        writer.value(text)
        writer.key("type")
        writer.value(type.rawValue)
        if let value {
            writer.key("value")
            writer.value(value)
        }
        writer.endObject()
    }
}

extension Entities.Mention: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("boilerplate")
        writer.value(isBoilerplate)
        writer.key("range")
        writer.value(range)
        writer.endObject()
    }
}

extension Summary: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("candidates")
        writer.value(candidates)
        writer.key("keywords")
        writer.array(keywords)
        writer.key("sentences")
        writer.array(sentences)
        writer.key("text")
        writer.value(text)
        writer.key("word_count")
        writer.value(wordCount)
        writer.endObject()
    }
}

extension Summary.Sentence: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("paragraph")
        writer.value(paragraph)
        writer.key("range")
        writer.value(range)
        writer.key("score")
        writer.value(score)
        writer.key("sentence")
        writer.value(sentence)
        if let trimmed {
            writer.key("trimmed")
            writer.value(trimmed)
        }
        writer.key("word_count")
        writer.value(wordCount)
        writer.endObject()
    }
}

extension Summary.Keyword: ResultWritable {
    func write(to writer: inout ResultWriter) {
        writer.beginObject()
        writer.key("count")
        writer.value(count)
        writer.key("score")
        writer.value(score)
        writer.key("text")
        writer.value(text)
        writer.endObject()
    }
}
