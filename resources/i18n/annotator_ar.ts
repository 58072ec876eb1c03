<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <source>Undo the last change (stored in the database)</source>
        <translation>التراجع عن آخر تغيير (يُحفظ في قاعدة البيانات)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <source>Redo the undone change</source>
        <translation>إعادة التغيير الذي تُرُوجع عنه</translation>
    </message>
    <message>
        <source>&amp;Delete span</source>
        <translation>&amp;حذف المقطع</translation>
    </message>
    <message>
        <source>Delete the selected span</source>
        <translation>حذف المقطع المحدَّد</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;بحث…</translation>
    </message>
    <message>
        <source>Find text in the document</source>
        <translation>البحث عن نص في المستند</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>البحث عن ال&amp;تالي</translation>
    </message>
    <message>
        <source>Go to the next match</source>
        <translation>الانتقال إلى النتيجة التالية</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>ت&amp;كبير</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>نص أكبر</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>نص أصغر</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>الحجم ال&amp;عادي</translation>
    </message>
    <message>
        <source>Default text size</source>
        <translation>حجم النص الافتراضي</translation>
    </message>
    <message>
        <source>Move start ←</source>
        <translation>تحريك البداية ←</translation>
    </message>
    <message>
        <source>Move the selected span&apos;s start edge one character to the left on screen</source>
        <translation>تحريك حافة بداية المقطع المحدَّد محرفًا واحدًا إلى اليسار على الشاشة</translation>
    </message>
    <message>
        <source>Move start →</source>
        <translation>تحريك البداية →</translation>
    </message>
    <message>
        <source>Move the selected span&apos;s start edge one character to the right on screen</source>
        <translation>تحريك حافة بداية المقطع المحدَّد محرفًا واحدًا إلى اليمين على الشاشة</translation>
    </message>
    <message>
        <source>Move end ←</source>
        <translation>تحريك النهاية ←</translation>
    </message>
    <message>
        <source>Move the selected span&apos;s end edge one character to the left on screen</source>
        <translation>تحريك حافة نهاية المقطع المحدَّد محرفًا واحدًا إلى اليسار على الشاشة</translation>
    </message>
    <message>
        <source>Move end →</source>
        <translation>تحريك النهاية →</translation>
    </message>
    <message>
        <source>Move the selected span&apos;s end edge one character to the right on screen</source>
        <translation>تحريك حافة نهاية المقطع المحدَّد محرفًا واحدًا إلى اليمين على الشاشة</translation>
    </message>
    <message>
        <source>Move end back</source>
        <translation>تحريك النهاية إلى الوراء</translation>
    </message>
    <message>
        <source>Move the selected span&apos;s end edge one character back along the text (shorter)</source>
        <translation>تحريك حافة نهاية المقطع المحدَّد محرفًا واحدًا إلى الوراء في النص (أقصر)</translation>
    </message>
    <message>
        <source>Move end forward</source>
        <translation>تحريك النهاية إلى الأمام</translation>
    </message>
    <message>
        <source>Move the selected span&apos;s end edge one character further along the text (longer)</source>
        <translation>تحريك حافة نهاية المقطع المحدَّد محرفًا واحدًا إلى الأمام في النص (أطول)</translation>
    </message>
    <message>
        <source>&amp;Link to…</source>
        <translation>&amp;ربط بـ…</translation>
    </message>
    <message>
        <source>Link the selected claim or stance: then click the span it refers to</source>
        <translation>ربط الادعاء أو الموقف المحدَّد: ثم انقر المقطع الذي يشير إليه</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Cancel linking; clear the selection</source>
        <translation>إلغاء الربط؛ مسح التحديد</translation>
    </message>
    <message>
        <source>Next span</source>
        <translation>المقطع التالي</translation>
    </message>
    <message>
        <source>Select the next span</source>
        <translation>تحديد المقطع التالي</translation>
    </message>
    <message>
        <source>Previous span</source>
        <translation>المقطع السابق</translation>
    </message>
    <message>
        <source>Select the previous span</source>
        <translation>تحديد المقطع السابق</translation>
    </message>
    <message>
        <source>&amp;Next document</source>
        <translation>المستند ال&amp;تالي</translation>
    </message>
    <message>
        <source>Open the next document</source>
        <translation>فتح المستند التالي</translation>
    </message>
    <message>
        <source>&amp;Previous document</source>
        <translation>المستند ال&amp;سابق</translation>
    </message>
    <message>
        <source>Open the previous document</source>
        <translation>فتح المستند السابق</translation>
    </message>
    <message>
        <source>Mark &amp;done</source>
        <translation>تعليم كـ&amp;منجز</translation>
    </message>
    <message>
        <source>Mark the document done for you (again: back to in progress)</source>
        <translation>تعليم المستند منجزًا لك (مرة أخرى: العودة إلى قيد العمل)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>الإ&amp;عدادات…</translation>
    </message>
    <message>
        <source>Font, size, annotator, snapping</source>
        <translation>الخط والحجم والمعلِّق والالتقاط</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>Quit (everything is already saved)</source>
        <translation>خروج (كل شيء محفوظ بالفعل)</translation>
    </message>
</context>
<context>
    <name>AnnotatorFilter</name>
    <message>
        <source>Show spans &amp;of</source>
        <translation>عرض م&amp;قاطع</translation>
    </message>
    <message>
        <source>&amp;Mine only</source>
        <translation>مقاطعي &amp;فقط</translation>
    </message>
    <message>
        <source>&amp;Everyone</source>
        <translation>ال&amp;جميع</translation>
    </message>
    <message>
        <source>{name} and mine</source>
        <translation>{name} ومقاطعي</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>Article</source>
        <translation>المقال</translation>
    </message>
    <message>
        <source>No document yet. Import articles with: annotator import --db PROJECT.db FILES</source>
        <translation>لا مستندات بعد. استورد المقالات بالأمر: annotator import --db PROJECT.db FILES</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>الطبقة</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>السمات</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>المعلِّق</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>المواضع</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>الدرجة</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Label {label}</source>
        <translation>تسمية {label}</translation>
    </message>
    <message>
        <source>Delete {label}</source>
        <translation>حذف {label}</translation>
    </message>
    <message>
        <source>Link {type}</source>
        <translation>ربط {type}</translation>
    </message>
    <message>
        <source>Unlink {type}</source>
        <translation>فك ربط {type}</translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>&amp;Compare annotators</source>
        <translation>&amp;مقارنة المعلِّقين</translation>
    </message>
    <message>
        <source>Show every annotator&apos;s spans as lanes</source>
        <translation>عرض مقاطع كل معلِّق في مسارات</translation>
    </message>
    <message>
        <source>Next &amp;disagreement</source>
        <translation>الخلاف ال&amp;تالي</translation>
    </message>
    <message>
        <source>Go to the next disagreement</source>
        <translation>الانتقال إلى الخلاف التالي</translation>
    </message>
    <message>
        <source>Pre&amp;vious disagreement</source>
        <translation>الخلاف ال&amp;سابق</translation>
    </message>
    <message>
        <source>Go to the previous one</source>
        <translation>الانتقال إلى الخلاف السابق</translation>
    </message>
    <message>
        <source>&amp;Accept version</source>
        <translation>&amp;قبول النسخة</translation>
    </message>
    <message>
        <source>Accept into gold</source>
        <translation>القبول في المرجع</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;رفض</translation>
    </message>
    <message>
        <source>Leave this stretch out of gold</source>
        <translation>استبعاد هذا الجزء من المرجع</translation>
    </message>
    <message>
        <source>Accept everything &amp;agreed</source>
        <translation>قبول كل ما اتُّ&amp;فق عليه</translation>
    </message>
    <message>
        <source>Accept every span all annotators agree on, as one undo step</source>
        <translation>قبول كل مقطع يتفق عليه جميع المعلِّقين، في خطوة تراجع واحدة</translation>
    </message>
    <message>
        <source>C&amp;urator name…</source>
        <translation>اسم المُ&amp;حكِّم…</translation>
    </message>
    <message>
        <source>Whose annotation is gold (default: gold)</source>
        <translation>من يكون تعليقه هو المرجع (الافتراضي: gold)</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>ال&amp;فريق</translation>
    </message>
    <message>
        <source> · comparing</source>
        <translation> · مقارنة</translation>
    </message>
    <message>
        <source>no annotators</source>
        <translation>لا معلِّقين</translation>
    </message>
    <message>
        <source>Comparing as {annotator}: lanes {lanes}; {count} disagreements</source>
        <translation>المقارنة باسم {annotator}: المسارات {lanes}؛ عدد الخلافات: {count}</translation>
    </message>
    <message>
        <source>No disagreements in this document</source>
        <translation>لا خلافات في هذا المستند</translation>
    </message>
    <message>
        <source>{number} of {count}: </source>
        <translation>{number} من {count}: </translation>
    </message>
    <message>
        <source>Nothing to accept here: go to a disagreement (Alt+PgDown)</source>
        <translation>لا شيء للقبول هنا: انتقل إلى خلاف (Alt+PgDown)</translation>
    </message>
    <message>
        <source>Gold has {label} here already</source>
        <translation>في المرجع {label} هنا بالفعل</translation>
    </message>
    <message>
        <source>Accept {label}</source>
        <translation>قبول {label}</translation>
    </message>
    <message>
        <source>Nothing to reject here: go to a disagreement (Alt+PgDown)</source>
        <translation>لا شيء للرفض هنا: انتقل إلى خلاف (Alt+PgDown)</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <source>Nothing agreed is missing from gold</source>
        <translation>لا ينقص المرجعَ شيءٌ مما اتُّفق عليه</translation>
    </message>
    <message>
        <source>Accept {count} agreed</source>
        <translation>قبول المتفق عليه (العدد: {count})</translation>
    </message>
    <message>
        <source>{text}: {added} into {curator}, {removed} removed</source>
        <translation>{text}: أُضيف إلى {curator}: {added}، حُذف: {removed}</translation>
    </message>
    <message>
        <source>Curator (whose annotation is gold):</source>
        <translation>المُحكِّم (من يكون تعليقه هو المرجع):</translation>
    </message>
</context>
<context>
    <name>ContextMenu</name>
    <message>
        <source>Link {label} {id} → {kind}: {target_label} {target_id}</source>
        <translation>ربط {label} {id} ← {kind}: {target_label} {target_id}</translation>
    </message>
    <message>
        <source>Select {label} {id}</source>
        <translation>تحديد {label} {id}</translation>
    </message>
    <message>
        <source>Label selection as</source>
        <translation>تسمية التحديد بـ</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Nothing to show yet</source>
        <translation>لا شيء للعرض بعد</translation>
    </message>
    <message>
        <source>Team dashboard</source>
        <translation>لوحة الفريق</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;تحديث</translation>
    </message>
    <message>
        <source>{count} charts · refreshed on demand</source>
        <translation>عدد المخططات: {count} · تُحدَّث عند الطلب</translation>
    </message>
    <message>
        <source>Team &amp;dashboard</source>
        <translation>&amp;لوحة الفريق</translation>
    </message>
    <message>
        <source>Documents done, labels and agreement per annotator</source>
        <translation>المستندات المنجزة والتسميات والاتفاق لكل معلِّق</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <source>Search by id…</source>
        <translation>البحث بالمعرِّف…</translation>
    </message>
    <message>
        <source>Search documents by id</source>
        <translation>البحث في المستندات بالمعرِّف</translation>
    </message>
    <message>
        <source>Filter documents by status</source>
        <translation>تصفية المستندات حسب الحالة</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>Relabel {before} → {after}</source>
        <translation>إعادة تسمية {before} ← {after}</translation>
    </message>
    <message>
        <source>Set {name}</source>
        <translation>تعيين {name}</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation>تحرير الملاحظة</translation>
    </message>
    <message>
        <source>Mark unsure</source>
        <translation>تعليم كغير مؤكَّد</translation>
    </message>
    <message>
        <source>Clear unsure</source>
        <translation>إزالة علامة عدم التأكد</translation>
    </message>
    <message>
        <source>Move edge</source>
        <translation>تحريك الحافة</translation>
    </message>
    <message>
        <source>Linking {label} {id}: click the span it refers to (Esc cancels)</source>
        <translation>ربط {label} {id}: انقر المقطع الذي يشير إليه (Esc للإلغاء)</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find</source>
        <translation>بحث</translation>
    </message>
    <message>
        <source>Find in document (Enter: next)</source>
        <translation>البحث في المستند (Enter: التالي)</translation>
    </message>
    <message>
        <source>Find text</source>
        <translation>نص البحث</translation>
    </message>
    <message>
        <source>Close find</source>
        <translation>إغلاق البحث</translation>
    </message>
    <message>
        <source>Not found: {text}</source>
        <translation>غير موجود: {text}</translation>
    </message>
</context>
<context>
    <name>GuidelinesDock</name>
    <message>
        <source>*The guidelines file {name} was not found beside the project.*</source>
        <translation>*لم يُعثر على ملف الإرشادات {name} بجانب المشروع.*</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>التسميات</translation>
    </message>
    <message>
        <source>Guidelines</source>
        <translation>الإرشادات</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Inspector</source>
        <translation>المُعايِن</translation>
    </message>
    <message>
        <source>No span selected</source>
        <translation>لا مقطع محدَّد</translation>
    </message>
    <message>
        <source>Label of the selected span</source>
        <translation>تسمية المقطع المحدَّد</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Relations of the selected span</source>
        <translation>علاقات المقطع المحدَّد</translation>
    </message>
    <message>
        <source>Remove link</source>
        <translation>إزالة الربط</translation>
    </message>
    <message>
        <source>Relation type</source>
        <translation>نوع العلاقة</translation>
    </message>
    <message>
        <source>Span to link to</source>
        <translation>المقطع المراد الربط به</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>ربط</translation>
    </message>
    <message>
        <source>Delete span</source>
        <translation>حذف المقطع</translation>
    </message>
    <message>
        <source>Relations</source>
        <translation>العلاقات</translation>
    </message>
    <message>
        <source>Attribute {name}</source>
        <translation>السمة {name}</translation>
    </message>
</context>
<context>
    <name>InvisibleMarks</name>
    <message>
        <source>Show &amp;invisible characters</source>
        <translation>إظهار المحارف &amp;غير المرئية</translation>
    </message>
    <message>
        <source>Mark bidi controls, joiners, no-break spaces and tatweel in the article</source>
        <translation>تعليم محارف التحكم في الاتجاه والوصل والمسافات غير الفاصلة والتطويل في المقال</translation>
    </message>
</context>
<context>
    <name>LabelAllDialog</name>
    <message>
        <source>Label all: {count} × {label}</source>
        <translation>تسمية الكل: {count} × {label}</translation>
    </message>
    <message>
        <source>Label all as {label}</source>
        <translation>تسمية الكل بـ {label}</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>التسمية</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>المواضع</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>السياق</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>{chosen} of {total} hits will be labelled; {already} already are</source>
        <translation>ستُسمّى {chosen} من {total} نتيجة؛ المسمّاة بالفعل: {already}</translation>
    </message>
    <message>
        <source>already labelled</source>
        <translation>مسمّاة بالفعل</translation>
    </message>
    <message>
        <source>inside a longer word</source>
        <translation>داخل كلمة أطول</translation>
    </message>
    <message>
        <source>overlaps {ids}</source>
        <translation>تتداخل مع {ids}</translation>
    </message>
</context>
<context>
    <name>LinguistTools</name>
    <message>
        <source>Search &amp;panel…</source>
        <translation>لوحة ال&amp;بحث…</translation>
    </message>
    <message>
        <source>Search the document or the whole project; label every hit</source>
        <translation>البحث في المستند أو في المشروع كله؛ تسمية كل نتيجة</translation>
    </message>
    <message>
        <source>Label &amp;all like this…</source>
        <translation>تسمية ال&amp;كل مثل هذا…</translation>
    </message>
    <message>
        <source>Find every occurrence of the selected span&apos;s text and label them as it is</source>
        <translation>البحث عن كل ورود لنص المقطع المحدَّد وتسميته بتسميته نفسها</translation>
    </message>
    <message>
        <source>Select a span first</source>
        <translation>حدِّد مقطعًا أولًا</translation>
    </message>
    <message>
        <source>No hits to label</source>
        <translation>لا نتائج للتسمية</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Select text, then press a label key (1–9)</source>
        <translation>حدِّد نصًّا، ثم اضغط مفتاح تسمية (⁦1–9⁩)</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>التسميات</translation>
    </message>
    <message>
        <source>{done} of {total} documents done · {annotator}</source>
        <translation>المنجز {done} من {total} مستند · {annotator}</translation>
    </message>
    <message>
        <source>{count} actions are waiting for the database; the window closes once they are saved</source>
        <translation>إجراءات تنتظر قاعدة البيانات (العدد: {count})؛ ستُغلق النافذة بعد حفظها</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>ال&amp;تسميات</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Select a claim or a stance first, then link it</source>
        <translation>حدِّد ادعاءً أو موقفًا أولًا، ثم اربطه</translation>
    </message>
    <message>
        <source>a relation cannot link a span to itself</source>
        <translation>لا يمكن لعلاقة أن تربط مقطعًا بنفسه</translation>
    </message>
</context>
<context>
    <name>SearchDock</name>
    <message>
        <source>Ignore diacritics</source>
        <translation>تجاهل التشكيل</translation>
    </message>
    <message>
        <source>Ignore tatweel</source>
        <translation>تجاهل التطويل</translation>
    </message>
    <message>
        <source>Ignore case</source>
        <translation>تجاهل حالة الأحرف</translation>
    </message>
    <message>
        <source>Whole word (proclitics apart)</source>
        <translation>كلمة كاملة (دون السوابق)</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>تعبير نمطي</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>المواضع</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>السياق</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>بحث</translation>
    </message>
    <message>
        <source>Search (Enter)</source>
        <translation>بحث (Enter)</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>نص البحث</translation>
    </message>
    <message>
        <source>This document</source>
        <translation>هذا المستند</translation>
    </message>
    <message>
        <source>Whole project</source>
        <translation>المشروع كله</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <source>Search hits</source>
        <translation>نتائج البحث</translation>
    </message>
    <message>
        <source>Label for label all</source>
        <translation>التسمية لتسمية الكل</translation>
    </message>
    <message>
        <source>Label all…</source>
        <translation>تسمية الكل…</translation>
    </message>
    <message>
        <source>Preview the hits with checkboxes, then label them</source>
        <translation>معاينة النتائج بمربعات اختيار، ثم تسميتها</translation>
    </message>
    <message>
        <source>{found} hits · searching {searched} of {total} documents…</source>
        <translation>النتائج: {found} · جارٍ البحث في {searched} من {total} مستند…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>أُوقف</translation>
    </message>
    <message>
        <source>cut at the first</source>
        <translation>اقتُصر على الأولى</translation>
    </message>
    <message>
        <source>{found} hits in {searched} of {total} documents</source>
        <translation>النتائج: {found} في {searched} من {total} مستند</translation>
    </message>
</context>
<context>
    <name>Selection</name>
    <message>
        <source>{start}–{end} ({length} characters): {text}</source>
        <translation>⁦{start}–{end}⁩ (عدد المحارف: {length}): {text}</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>Snap mouse selections to whole words (Ctrl: exact)</source>
        <translation>التقاط تحديدات الفأرة إلى كلمات كاملة (Ctrl: بدقة)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>المعلِّق</translation>
    </message>
    <message>
        <source>Font</source>
        <translation>الخط</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>الحجم</translation>
    </message>
    <message>
        <source>Language (from the next start)</source>
        <translation>اللغة (من التشغيل القادم)</translation>
    </message>
</context>
<context>
    <name>SpanNotes</name>
    <message>
        <source>Note on the selected span</source>
        <translation>ملاحظة على المقطع المحدَّد</translation>
    </message>
    <message>
        <source>A note on this span (Enter saves)</source>
        <translation>ملاحظة على هذا المقطع (Enter للحفظ)</translation>
    </message>
    <message>
        <source>Unsure</source>
        <translation>غير متأكد</translation>
    </message>
    <message>
        <source>Flag this span as unsure ({key})</source>
        <translation>تعليم هذا المقطع كغير مؤكَّد ({key})</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>Toggle &amp;unsure</source>
        <translation>تبديل &amp;عدم التأكد</translation>
    </message>
    <message>
        <source>Flag the selected span unsure, or clear it</source>
        <translation>تعليم المقطع المحدَّد كغير مؤكَّد، أو إزالة العلامة</translation>
    </message>
    <message>
        <source>Edit &amp;note</source>
        <translation>تحرير ال&amp;ملاحظة</translation>
    </message>
    <message>
        <source>Write a note on the selected span (Enter saves)</source>
        <translation>كتابة ملاحظة على المقطع المحدَّد (Enter للحفظ)</translation>
    </message>
    <message>
        <source>Select a span to flag it unsure</source>
        <translation>حدِّد مقطعًا لتعليمه كغير مؤكَّد</translation>
    </message>
    <message>
        <source>Select a span to write a note</source>
        <translation>حدِّد مقطعًا لكتابة ملاحظة</translation>
    </message>
    <message>
        <source>Show spans</source>
        <translation>عرض المقاطع</translation>
    </message>
    <message>
        <source>All spans</source>
        <translation>كل المقاطع</translation>
    </message>
    <message>
        <source>With a note</source>
        <translation>ذات ملاحظة</translation>
    </message>
    <message>
        <source>Unsure or with a note</source>
        <translation>غير مؤكَّدة أو ذات ملاحظة</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>عرض</translation>
    </message>
</context>
<context>
    <name>Spans</name>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>todo</source>
        <translation>للإنجاز</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>done</source>
        <translation>منجز</translation>
    </message>
</context>
<context>
    <name>Suggestions</name>
    <message>
        <source>F9 accept · F7 reject · F8 next · Shift+F8 previous</source>
        <translation>F9 قبول · F7 رفض · F8 التالي · Shift+F8 السابق</translation>
    </message>
    <message>
        <source>&amp;Next suggestion</source>
        <translation>الاقتراح ال&amp;تالي</translation>
    </message>
    <message>
        <source>Go to the next suggestion</source>
        <translation>الانتقال إلى الاقتراح التالي</translation>
    </message>
    <message>
        <source>&amp;Previous suggestion</source>
        <translation>الاقتراح ال&amp;سابق</translation>
    </message>
    <message>
        <source>Go to the previous suggestion</source>
        <translation>الانتقال إلى الاقتراح السابق</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion</source>
        <translation>&amp;قبول الاقتراح</translation>
    </message>
    <message>
        <source>Accept the current suggestion as your span (with the edges as selected), then go on</source>
        <translation>قبول الاقتراح الحالي مقطعًا لك (بالحواف كما هي محدَّدة)، ثم المتابعة</translation>
    </message>
    <message>
        <source>&amp;Reject suggestion</source>
        <translation>&amp;رفض الاقتراح</translation>
    </message>
    <message>
        <source>Reject the current suggestion (it is not offered to you again), then go on</source>
        <translation>رفض الاقتراح الحالي (لن يُعرض عليك مجددًا)، ثم المتابعة</translation>
    </message>
    <message>
        <source>Accept all a&amp;bove the threshold</source>
        <translation>قبول كل ما &amp;فوق العتبة</translation>
    </message>
    <message>
        <source>Accept every suggestion shown in this document scored at or above the threshold (one undo step)</source>
        <translation>قبول كل اقتراح معروض في هذا المستند درجته عند العتبة أو فوقها (خطوة تراجع واحدة)</translation>
    </message>
    <message>
        <source>Set the &amp;threshold…</source>
        <translation>تعيين ال&amp;عتبة…</translation>
    </message>
    <message>
        <source>The score that accept-all takes</source>
        <translation>الدرجة التي يقبلها «قبول الكل»</translation>
    </message>
    <message>
        <source>Show suggestions &amp;under the span list</source>
        <translation>عرض الاقتراحات &amp;تحت قائمة المقاطع</translation>
    </message>
    <message>
        <source>List the suggestions shown, with their scores, apart from the spans</source>
        <translation>سرد الاقتراحات المعروضة بدرجاتها، منفصلة عن المقاطع</translation>
    </message>
    <message>
        <source>Reject {label}</source>
        <translation>رفض {label}</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>الاقتراحات</translation>
    </message>
    <message>
        <source>&amp;Sources shown</source>
        <translation>ال&amp;مصادر المعروضة</translation>
    </message>
    <message>
        <source>S&amp;uggestions</source>
        <translation>الا&amp;قتراحات</translation>
    </message>
    <message>
        <source>No suggestions in this project</source>
        <translation>لا اقتراحات في هذا المشروع</translation>
    </message>
    <message>
        <source>No suggestions to review in this document</source>
        <translation>لا اقتراحات للمراجعة في هذا المستند</translation>
    </message>
    <message>
        <source>No suggestion to decide on: {keys}</source>
        <translation>لا اقتراح للبت فيه: {keys}</translation>
    </message>
    <message>
        <source>Accept {label}</source>
        <translation>قبول {label}</translation>
    </message>
    <message>
        <source>Accept as {label}</source>
        <translation>قبول بتسمية {label}</translation>
    </message>
    <message>
        <source>No suggestion here scored {score} or more</source>
        <translation>لا اقتراح هنا بدرجة {score} أو أكثر</translation>
    </message>
    <message>
        <source>Accept {count} suggestions scored {score} or more</source>
        <translation>قبول الاقتراحات بدرجة {score} أو أكثر (العدد: {count})</translation>
    </message>
    <message>
        <source>No more suggestions to review in this document</source>
        <translation>لم تبقَ اقتراحات للمراجعة في هذا المستند</translation>
    </message>
    <message>
        <source>Accept-all threshold</source>
        <translation>عتبة «قبول الكل»</translation>
    </message>
    <message>
        <source>Accept suggestions scored at least:</source>
        <translation>قبول الاقتراحات التي درجتها على الأقل:</translation>
    </message>
    <message>
        <source>Accept all scored &amp;{score} or more</source>
        <translation>قبول كل ما درجته &amp;{score} أو أكثر</translation>
    </message>
</context>
<context>
    <name>Writer</name>
    <message>
        <source>Waiting for the database… {count} actions not saved yet (another program is writing)</source>
        <translation>في انتظار قاعدة البيانات… إجراءات لم تُحفظ بعد (العدد: {count})، برنامج آخر يكتب</translation>
    </message>
    <message>
        <source>Waiting for the database… 1 action not saved yet (another program is writing)</source>
        <translation>في انتظار قاعدة البيانات… إجراء واحد لم يُحفظ بعد، برنامج آخر يكتب</translation>
    </message>
</context>
</TS>
