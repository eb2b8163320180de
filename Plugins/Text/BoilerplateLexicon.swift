/// A type that holds every word list the boilerplate detector matches against, in one place.
///
/// The built-in lists cover the languages Lector meets most (English, French, German, Spanish,
/// Portuguese, Vietnamese, Arabic, Urdu, Persian, Turkish, Russian, Chinese); deployments add
/// their own through the `markers.*` configuration keys, which ``extended(with:)`` merges in.
/// Entries are matched case-insensitively against whole words at a paragraph's start or end, so a
/// label never fires inside an ordinary word.
///
/// ```swift
/// var extra = BoilerplateLexicon.Additions()
/// extra.source = ["Kaynakça"]
/// let lexicon = BoilerplateLexicon.standard.extended(with: extra)
/// ```
public struct BoilerplateLexicon: Sendable, Hashable {
    /// Labels that open a source line: "Source:", "ماخذ", "Nguồn:".
    public var sourceLabels: [String]
    /// Labels of comment counters: "Comments (12)", "تبصرہ (0)".
    public var commentLabels: [String]
    /// Labels that open or close a photo caption or credit: "Photo:", "تصویر:", "Ảnh:".
    public var captionLabels: [String]
    /// Phrases that open a byline: "By", "Par", "بقلم".
    public var bylinePrefixes: [String]
    /// Words that make up share, print and navigation widgets: "Share", "Print", "Chia sẻ".
    public var widgetWords: [String]
    /// Predicates typical of unlabelled photo captions ("speaks at", "نے تقریر کی", "ترأس"):
    /// present tense in English and French captions, past tense in translated Urdu and Arabic ones.
    public var captionCues: [String]
    /// Particles allowed in lower case inside a name in a cased script: "van", "de", "bin".
    public var nameParticles: [String]
    /// Latin abbreviations (without the final period) after which a period does not end a sentence.
    public var abbreviations: [String]
    /// Single-letter proclitics that Arabic-script languages attach to a word ("و" and, "ف" so);
    /// a cue matches a word with one of these in front.
    public var proclitics: [String]

    /// The built-in lists.
    public static let standard = BoilerplateLexicon(
        sourceLabels: [
            "source", "sources", "nguồn", "quelle", "quellen", "fuente", "fonte", "kaynak", "источник", "来源", "出典",
            "ماخذ", "مآخذ", "مأخذ", "بشکریہ", "بہ شکریہ", "مصدر", "المصدر", "المصادر", "منبع", "منابع",
        ],
        commentLabels: [
            "comment", "comments", "bình luận", "ý kiến", "commentaire", "commentaires", "comentario",
            "comentarios", "comentários", "kommentar", "kommentare", "yorum", "yorumlar", "комментарии",
            "评论", "تبصرہ", "تبصرے", "تعليق", "تعليقات", "التعليقات", "نظر", "نظرات", "دیدگاه",
        ],
        captionLabels: [
            "photo", "photos", "photo credit", "crédit photo", "image", "picture", "pictures", "foto", "fotos",
            "bild", "ảnh", "ảnh minh họa", "ảnh minh hoạ", "صورة", "الصورة", "صور", "تصویر", "تصاویر", "فوٹو",
            "عکس", "عکاس",
        ],
        bylinePrefixes: [
            "by", "reporting by", "written by", "text by", "par", "por", "von", "di", "bởi", "bài", "bài và ảnh",
            "tác giả", "phóng viên", "بقلم", "كتب", "تحریر", "رپورٹ", "نگارش", "نویسنده", "گزارش",
        ],
        widgetWords: [
            "share", "shares", "print", "email", "e-mail", "tweet", "facebook", "twitter", "x", "whatsapp",
            "telegram", "linkedin", "zalo", "save", "like", "copy link", "read more", "back to top", "chia sẻ",
            "in bài", "lưu", "xem thêm", "partager", "imprimer", "compartir", "imprimir", "teilen", "drucken",
            "مشاركة", "شارك", "طباعة", "اقرأ أيضا", "شیئر", "پرنٹ", "مزید پڑھیں", "اشتراک", "چاپ",
        ],
        captionCues: [
            // English and French captions are written in the present tense, body text in the past.
            "speaks at", "speaks during", "speaks to", "addresses", "attends", "attend the", "chairs", "presents",
            "delivers", "poses", "pose for", "shakes hands", "greets", "receives", "pictured", "from left",
            "left to right", "prend la parole", "s'exprime", "préside", "assiste", "assistent", "remet",
            "posent", "de gauche à droite",
            // Vietnamese captions: "phát biểu tại" (speaks at), "chủ trì" (chairs), "trao" (presents).
            "phát biểu tại", "phát biểu chỉ đạo", "chủ trì", "dự hội nghị", "trao bằng khen", "trao quà",
            "trao tặng", "trao giấy khen", "tặng hoa", "chụp ảnh",
            // Urdu, as machine-translated from such captions: gave a speech, attended, chaired, presented.
            "تقریر کی", "خطاب کیا", "خطاب کی", "شرکت کی", "صدارت", "پیش کیں", "پیش کیا", "اسناد",
            // Arabic: chaired, spoke, gave a speech, shared, presented, concluded, attended.
            "ترأس", "ترأست", "تحدث", "تحدثت", "ألقى", "شارك", "قدم", "قدمت", "اختتم", "حضر", "يتحدث", "يترأس",
            // Persian.
            "سخنرانی کرد", "ریاست",
        ],
        nameParticles: [
            "and", "&", "và", "et", "y", "und", "de", "del", "della", "di", "da", "do", "dos", "du", "des", "la",
            "le", "van", "von", "der", "den", "ter", "bin", "ibn", "al", "el",
        ],
        abbreviations: [
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "cmdr",
            "gov", "sen", "rep", "rev", "hon", "pres", "inc", "ltd", "co", "corp", "vs", "no", "nos", "fig",
            "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "mme", "mlle", "mgr", "tp", "ts", "ths", "pgs", "gs",
            "bs", "sr", "sra", "dña",
        ],
        proclitics: ["و", "ف"]
    )

    /// Additions to the built-in lists, read from the configuration.
    public struct Additions: Sendable, Hashable {
        public var source: [String] = []
        public var comments: [String] = []
        public var caption: [String] = []
        public var bylinePrefixes: [String] = []
        public var widgets: [String] = []
        public var captionCues: [String] = []
        public var abbreviations: [String] = []
        public init() {}
    }

    /// This lexicon with `additions` appended to its lists (duplicates are harmless).
    public func extended(with additions: Additions) -> BoilerplateLexicon {
        var copy = self
        copy.sourceLabels += additions.source
        copy.commentLabels += additions.comments
        copy.captionLabels += additions.caption
        copy.bylinePrefixes += additions.bylinePrefixes
        copy.widgetWords += additions.widgets
        copy.captionCues += additions.captionCues
        copy.abbreviations += additions.abbreviations
        return copy
    }
}
