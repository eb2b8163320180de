"""Writes news.docx, crue.odt and bomb.docx, the office-document fixtures of the reader tests.

Needs the Python packages python-docx and odfpy: python3 -m venv v && v/bin/pip install python-docx odfpy &&
v/bin/python make-office.py. The DOCX is python-docx's, with three things Word writes and
python-docx cannot, spliced into its XML: a tracked deletion and insertion, a field (a page
reference), and a text box in mc:AlternateContent with its fallback copy.
"""
import io
import zipfile

import docx
from docx.enum.text import WD_BREAK
from odf.dc import Title
from odf.opendocument import OpenDocumentText
from odf.text import H, LineBreak, Note, NoteBody, NoteCitation, P, S, Tab

d = docx.Document()
d.core_properties.title = "Floods close the coast road"
d.add_heading("Floods close the coast road", level=1)
p = d.add_paragraph()
p.add_run("Heavy rain flooded the lower town of Passau on Tuesday night, ")
p.add_run("and fire").bold = True
p.add_run("fighters pumped water from dozens of cellars.")
p = d.add_paragraph("Mayor Jürgen Dupper said:")
p.add_run().add_break(WD_BREAK.LINE)
p.add_run("“We have never seen the river this high.”")
p = d.add_paragraph("Level")
p.add_run().add_tab()
p.add_run("9.8 metres")
t = d.add_table(rows=2, cols=2)
t.cell(0, 0).text = "Road"
t.cell(0, 1).text = "Status"
t.cell(1, 0).text = "B12"
t.cell(1, 1).text = "closed"
d.add_paragraph("عقدت اللجنة التوجيهية مؤتمرا في ها تينه يوم 18 يناير 2024.")
d.add_paragraph("DELETED-PLACEHOLDER")
d.add_paragraph("FIELD-PLACEHOLDER")
d.add_paragraph("TEXTBOX-PLACEHOLDER")
buffer = io.BytesIO()
d.save(buffer)

SPLICES = {
    "<w:t>DELETED-PLACEHOLDER</w:t>": '<w:t xml:space="preserve">The road reopens </w:t></w:r>'
    '<w:del w:id="1" w:author="Ed" w:date="2026-11-30T10:00:00Z"><w:r><w:delText>on Friday</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="Ed" w:date="2026-11-30T10:00:00Z"><w:r><w:t>next week</w:t></w:r></w:ins>'
    "<w:r><w:t>.</w:t>",
    "<w:t>FIELD-PLACEHOLDER</w:t>": '<w:t xml:space="preserve">See page </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t>',
    "<w:t>TEXTBOX-PLACEHOLDER</w:t>": '<w:t xml:space="preserve">A box: </w:t></w:r><w:r>'
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Evacuated: 400 residents</w:t></w:r></w:p>'
    "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
    "<w:t>Evacuated: 400 residents</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>"
    '</w:r><w:r><w:t xml:space="preserve"> (box)</w:t>',
}
source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
parts = [(item, source.read(item.filename)) for item in source.infolist()]
with zipfile.ZipFile("news.docx", "w", zipfile.ZIP_DEFLATED) as out:
    for item, data in parts:
        if item.filename == "word/document.xml":
            xml = data.decode()
            for placeholder, splice in SPLICES.items():
                xml = xml.replace(placeholder, splice)
            assert "PLACEHOLDER" not in xml
            data = xml.encode()
        out.writestr(item, data)

# The same package with a body of 8 MB that deflates to a few KB.
with zipfile.ZipFile("bomb.docx", "w", zipfile.ZIP_DEFLATED) as bomb:
    for item, data in parts:
        if item.filename == "word/document.xml":
            paragraph = b"<w:p><w:r><w:t>" + b"flood " * 100 + b"</w:t></w:r></w:p>"
            data = data.replace(b"<w:body>", b"<w:body>" + paragraph * 13_000, 1)
        bomb.writestr(item, data)

o = OpenDocumentText()
o.meta.addElement(Title(text="Crue à Lyon"))
o.text.addElement(H(outlinelevel=1, text="Crue à Lyon"))
o.text.addElement(P(text="Le maire de Lyon a annoncé mardi la fermeture des quais."))
p = P(text="Les pompiers")
p.addElement(S(c=3))
p.addText("sont intervenus")
note = Note(noteclass="footnote")
note.addElement(NoteCitation(text="1"))
body = NoteBody()
body.addElement(P(text="Selon la préfecture."))
note.addElement(body)
p.addElement(note)
p.addText(" à 14:30.")
o.text.addElement(p)
p = P(text="Niveau")
p.addElement(Tab())
p.addText("6,2 mètres")
p.addElement(LineBreak())
p.addText("Quais fermés")
o.text.addElement(p)
o.save("crue.odt")
