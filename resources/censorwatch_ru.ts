<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Banner</name>
    <message>
        <source>Network works</source>
        <translation>Сеть работает</translation>
    </message>
    <message>
        <source>White-list mode: only approved services get through</source>
        <translation>Режим белых списков: доступны только одобренные сервисы</translation>
    </message>
    <message>
        <source>Offline: the connection itself is down</source>
        <translation>Нет связи: не работает само подключение</translation>
    </message>
    <message>
        <source>Checking your connection…</source>
        <translation>Проверяем подключение…</translation>
    </message>
    <message>
        <source>Your DNS resolver is not answering; sites may still work through other resolvers. Nothing that needs it is judged.</source>
        <translation>Ваш DNS-резолвер не отвечает; сайты могут работать через другие резолверы. Ничто, что от него зависит, не оценивается.</translation>
    </message>
    <message>
        <source>Checks are paused: what you see is the history</source>
        <translation>Проверки на паузе: показана история</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>Select a service</source>
        <translation>Выберите сервис</translation>
    </message>
    <message>
        <source>Its verdict and the evidence behind it appear here.</source>
        <translation>Здесь появятся вердикт и данные, на которых он основан.</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Данные проверки</translation>
    </message>
    <message>
        <source>&amp;Copy diagnosis</source>
        <translation>&amp;Скопировать диагноз</translation>
    </message>
    <message>
        <source>Copy a plain-text summary to paste into a chat with support</source>
        <translation>Скопировать текстовую сводку, чтобы вставить её в чат с поддержкой</translation>
    </message>
    <message>
        <source>Save &amp;report…</source>
        <translation>Сохранить &amp;отчёт…</translation>
    </message>
    <message>
        <source>An HTML report of this service to send to someone who can help</source>
        <translation>HTML-отчёт по этому сервису, чтобы отправить тому, кто может помочь</translation>
    </message>
    <message>
        <source>Check this service &amp;now</source>
        <translation>Проверить этот сервис &amp;сейчас</translation>
    </message>
    <message>
        <source>Not checked in this session yet; the history below shows what is known.</source>
        <translation>В этом сеансе ещё не проверялся; ниже — то, что известно из истории.</translation>
    </message>
    <message>
        <source>at step {step}</source>
        <translation>на шаге {step}</translation>
    </message>
    <message>
        <source>(confirmed by a second attempt)</source>
        <translation>(подтверждено повторной попыткой)</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>не измеряется</translation>
    </message>
    <message>
        <source>1 other check passed: show it</source>
        <translation>ещё 1 проверка прошла: показать</translation>
    </message>
    <message numerus="yes">
        <source>%n other checks passed: show them</source>
        <translation>
            <numerusform>ещё %n проверка прошла: показать</numerusform>
            <numerusform>ещё %n проверки прошли: показать</numerusform>
            <numerusform>ещё %n проверок прошли: показать</numerusform>
        </translation>
    </message>
    <message>
        <source>What does this mean?</source>
        <translation>Что это значит?</translation>
    </message>
    <message>
        <source>As last checked, {time}</source>
        <translation>По последней проверке, {time}</translation>
    </message>
    <message>
        <source>Copy a diagnosis of your whole connection to paste into a chat with a helpline: what is blocked and since when, what works, your provider, and the evidence of the failing checks (your own addresses hidden)</source>
        <translation>Скопировать диагноз всего подключения, чтобы вставить в чат горячей линии: что заблокировано и с какого времени, что работает, ваш провайдер и данные неудавшихся проверок (ваши собственные адреса скрыты)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a log to share</source>
        <translation>Экспорт журнала для передачи</translation>
    </message>
    <message>
        <source>CSV (spreadsheets)</source>
        <translation>CSV (таблицы)</translation>
    </message>
    <message>
        <source>JSON Lines (scripts, censorwatch import)</source>
        <translation>JSON Lines (скрипты, censorwatch import)</translation>
    </message>
    <message>
        <source>OONI-shaped JSON (researchers)</source>
        <translation>JSON в формате OONI (исследователям)</translation>
    </message>
    <message>
        <source>HTML report (everyone)</source>
        <translation>HTML-отчёт (для всех)</translation>
    </message>
    <message>
        <source>last 24 hours</source>
        <translation>последние 24 часа</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>последние 7 дней</translation>
    </message>
    <message>
        <source>last 30 days</source>
        <translation>последние 30 дней</translation>
    </message>
    <message>
        <source>everything kept</source>
        <translation>всё, что сохранено</translation>
    </message>
    <message>
        <source>all services</source>
        <translation>все сервисы</translation>
    </message>
    <message>
        <source>Remove my addresses, machine and user names, and folders</source>
        <translation>Убрать мои адреса, имена компьютера и пользователя, пути к папкам</translation>
    </message>
    <message>
        <source>Preview of what will be shared</source>
        <translation>Предпросмотр того, что будет передано</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>&amp;Формат</translation>
    </message>
    <message>
        <source>&amp;Range</source>
        <translation>&amp;Период</translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation>&amp;Сервисы</translation>
    </message>
    <message>
        <source>What will be shared (first lines):</source>
        <translation>Что будет передано (первые строки):</translation>
    </message>
    <message>
        <source>An HTML report: a timeline per service, the verdicts and the evidence of each failure.</source>
        <translation>HTML-отчёт: история по каждому сервису, вердикты и данные по каждому сбою.</translation>
    </message>
    <message>
        <source>Save the log</source>
        <translation>Сохранить журнал</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n measurement(s) to {path}.</source>
        <translation>
            <numerusform>Записано %n измерение в {path}.</numerusform>
            <numerusform>Записано %n измерения в {path}.</numerusform>
            <numerusform>Записано %n измерений в {path}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>Не удалось записать {path}: {error}</translation>
    </message>
    <message>
        <source>The preview could not be made: {error}</source>
        <translation>Не удалось подготовить предпросмотр: {error}</translation>
    </message>
    <message>
        <source>A report for a helpline or a friend (HTML: reads in any browser, opens in censorwatch)</source>
        <translation>Отчёт для горячей линии или друга (HTML: читается в любом браузере, открывается в censorwatch)</translation>
    </message>
    <message>
        <source>It carries the measurements themselves, as below:</source>
        <translation>Он содержит и сами измерения — вот так:</translation>
    </message>
    <message>
        <source>What will be hidden and what kept</source>
        <translation>Что будет скрыто и что останется</translation>
    </message>
    <message>
        <source>&amp;Open report</source>
        <translation>&amp;Открыть отчёт</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Показать в &amp;папке</translation>
    </message>
    <message>
        <source>Nothing is hidden: your public address, your computer's and your user name and your folders are in the file; anyone who has it can tell who and where you are.</source>
        <translation>Ничего не скрыто: в файле ваш внешний адрес, имя компьютера, имя пользователя и папки; любой, у кого он окажется, поймёт, кто вы и где вы.</translation>
    </message>
    <message>
        <source>your public address (what STUN servers saw) and your computer's own addresses</source>
        <translation>ваш внешний адрес (тот, что видели STUN-серверы) и собственные адреса компьютера</translation>
    </message>
    <message>
        <source>your router's and other private resolvers' addresses</source>
        <translation>адреса вашего роутера и других частных DNS-серверов</translation>
    </message>
    <message>
        <source>your computer's name and your user name</source>
        <translation>имя компьютера и имя пользователя</translation>
    </message>
    <message>
        <source>your home folder and other folders</source>
        <translation>домашняя папка и другие папки</translation>
    </message>
    <message>
        <source>your provider (AS number, name, country): it groups reports by network and does not identify you</source>
        <translation>ваш провайдер (номер AS, название, страна): по нему отчёты группируют по сетям, вас он не выдаёт</translation>
    </message>
    <message>
        <source>public resolvers' addresses, and the addresses the checked sites answered from</source>
        <translation>адреса публичных DNS-серверов и адреса, с которых отвечали проверенные сайты</translation>
    </message>
    <message>
        <source>the exact time of every check</source>
        <translation>точное время каждой проверки</translation>
    </message>
    <message>
        <source>the list of services checked, including {names}: whoever reads the file learns that you watch them</source>
        <translation>список проверенных сервисов, в том числе {names}: кто прочтёт файл, узнает, что вы за ними следите</translation>
    </message>
    <message>
        <source>the list of services checked</source>
        <translation>список проверенных сервисов</translation>
    </message>
    <message>
        <source>no evidence of each step (a spreadsheet has the verdicts and times)</source>
        <translation>подробностей каждого шага нет (в таблице только вердикты и время)</translation>
    </message>
    <message>
        <source>&amp;Open file</source>
        <translation>&amp;Открыть файл</translation>
    </message>
    <message>
        <source>Hidden:</source>
        <translation>Скрыто:</translation>
    </message>
    <message>
        <source>Kept:</source>
        <translation>Останется:</translation>
    </message>
</context>
<context>
    <name>FirstRunNotice</name>
    <message>
        <source>Before the first check</source>
        <translation>Перед первой проверкой</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> и ещё {n}</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;censorwatch checks whether services you depend on are blocked.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;To check, it connects to those services from your computer, as a browser or messenger would. Your internet provider (and anyone who watches your network) can see these connections, including to services that are blocked where you are. If that could put you at risk, check only what you would open anyway, or stop here.&lt;/p&gt;&lt;p&gt;censorwatch uploads nothing and has no telemetry: the only traffic it sends is the checks themselves. What it finds stays on this computer until you export it yourself, and exports hide your addresses and names by default.&lt;/p&gt;&lt;p&gt;A VPN or proxy changes what the checks describe: censorwatch says so when it notices one.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;censorwatch проверяет, не заблокированы ли сервисы, которыми вы пользуетесь.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Для проверки он подключается к этим сервисам с вашего компьютера — так же, как это сделали бы браузер или мессенджер. Ваш интернет-провайдер (и любой, кто следит за вашей сетью) видит эти подключения, в том числе к сервисам, заблокированным там, где вы находитесь. Если это может быть для вас опасно, проверяйте только то, что открыли бы и так, или остановитесь здесь.&lt;/p&gt;&lt;p&gt;censorwatch ничего никуда не отправляет и не собирает телеметрию: весь его трафик — это сами проверки. Результаты остаются на этом компьютере, пока вы сами их не экспортируете, а при экспорте ваши адреса и имена по умолчанию скрываются.&lt;/p&gt;&lt;p&gt;VPN или прокси меняют то, что показывают проверки: censorwatch предупредит, если заметит их.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Check the built-in list: {names}</source>
        <translation>Проверять встроенный список: {names}</translation>
    </message>
    <message>
        <source>Check nothing for now; I will choose services myself</source>
        <translation>Пока ничего не проверять — я сам выберу сервисы</translation>
    </message>
    <message>
        <source>Use my own config file…</source>
        <translation>Взять мой файл настроек…</translation>
    </message>
    <message>
        <source>&amp;Start checking</source>
        <translation>&amp;Начать проверки</translation>
    </message>
    <message>
        <source>&amp;Quit without checking</source>
        <translation>&amp;Выйти без проверок</translation>
    </message>
    <message>
        <source>Choose a config file</source>
        <translation>Выберите файл настроек</translation>
    </message>
    <message>
        <source>&lt;b&gt;What to check&lt;/b&gt; (you can change it later):</source>
        <translation>&lt;b&gt;Что проверять&lt;/b&gt; (можно изменить потом):</translation>
    </message>
</context>
<context>
    <name>HistoryChart</name>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>History chart</source>
        <translation>График истории</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 ч</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 ч</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 дн</translation>
    </message>
    <message>
        <source>30 d</source>
        <translation>30 дн</translation>
    </message>
    <message>
        <source>1 y</source>
        <translation>1 год</translation>
    </message>
    <message>
        <source>Show the last {span}</source>
        <translation>Показать последние {span}</translation>
    </message>
    <message>
        <source>latency, ms</source>
        <translation>задержка, мс</translation>
    </message>
    <message>
        <source>median (band: min–max)</source>
        <translation>медиана (полоса: мин–макс)</translation>
    </message>
    <message>
        <source>No checks in this period.</source>
        <translation>За этот период проверок не было.</translation>
    </message>
    <message>
        <source>Checks in this period: {shares}.</source>
        <translation>Проверки за этот период: {shares}.</translation>
    </message>
    <message>
        <source>Last change: {status} at {time}.</source>
        <translation>Последнее изменение: {status} в {time}.</translation>
    </message>
    <message>
        <source>no checks</source>
        <translation>проверок не было</translation>
    </message>
    <message>
        <source>latency {lo:.0f}/{med:.0f}/{hi:.0f} ms (min/median/max)</source>
        <translation>задержка {lo:.0f}/{med:.0f}/{hi:.0f} мс (мин/медиана/макс)</translation>
    </message>
    <message>
        <source>Colours of the band</source>
        <translation>Цвета полосы</translation>
    </message>
    <message>
        <source>download speed, kbit/s</source>
        <translation>скорость загрузки, кбит/с</translation>
    </message>
    <message>
        <source>speed of each download check</source>
        <translation>скорость каждой проверки загрузки</translation>
    </message>
    <message>
        <source>received before it stopped, KB</source>
        <translation>получено до остановки, КБ</translation>
    </message>
    <message>
        <source>kilobytes each transfer received (a freeze stops early)</source>
        <translation>сколько килобайт получила каждая передача (при «зависании» она обрывается рано)</translation>
    </message>
    <message>
        <source>history since {time}</source>
        <translation>история с {time}</translation>
    </message>
    <message>
        <source>Nothing checked yet: the first round fills this in.</source>
        <translation>Пока ничего не проверено: первая проверка заполнит график.</translation>
    </message>
    <message>
        <source>as the last check before</source>
        <translation>как при последней проверке перед этим</translation>
    </message>
    <message>
        <source>download {kbps:.0f} kbit/s</source>
        <translation>загрузка {kbps:.0f} кбит/с</translation>
    </message>
    <message>
        <source>received {kb:.0f} KB</source>
        <translation>получено {kb:.0f} КБ</translation>
    </message>
    <message>
        <source>typical connection time (shaded: fastest to slowest)</source>
        <translation>обычное время соединения (заливка: от самого быстрого до самого медленного)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Your config has an error, so the built-in catalog runs until it is fixed (nothing was overwritten): {error}</source>
        <translation>В вашем файле настроек ошибка, поэтому до её исправления работает встроенный каталог (ничего не перезаписано): {error}</translation>
    </message>
    <message>
        <source>History is not kept: {error}</source>
        <translation>История не сохраняется: {error}</translation>
    </message>
    <message>
        <source>The history could not be read; it was moved aside to {path} and a new one was started.</source>
        <translation>Историю не удалось прочитать; файл перенесён в {path}, начата новая история.</translation>
    </message>
    <message numerus="yes">
        <source>Shared log {name}: %n measurement(s), read-only, not mixed into your history.</source>
        <translation>
            <numerusform>Присланный журнал {name}: %n измерение, только просмотр, не смешивается с вашей историей.</numerusform>
            <numerusform>Присланный журнал {name}: %n измерения, только просмотр, не смешивается с вашей историей.</numerusform>
            <numerusform>Присланный журнал {name}: %n измерений, только просмотр, не смешивается с вашей историей.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more line(s) skipped</source>
        <translation>
            <numerusform>Пропущена ещё %n строка</numerusform>
            <numerusform>Пропущены ещё %n строки</numerusform>
            <numerusform>Пропущено ещё %n строк</numerusform>
        </translation>
    </message>
    <message>
        <source>censorwatch — shared log {name} (read-only)</source>
        <translation>censorwatch — присланный журнал {name} (только просмотр)</translation>
    </message>
    <message>
        <source>censorwatch — demo (lab)</source>
        <translation>censorwatch — демонстрация (лаборатория)</translation>
    </message>
    <message>
        <source>Status of each service and capability</source>
        <translation>Состояние каждого сервиса и функции</translation>
    </message>
    <message>
        <source>Diagnosis copied to the clipboard</source>
        <translation>Диагноз скопирован в буфер обмена</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Главная</translation>
    </message>
    <message>
        <source>Check &amp;now</source>
        <translation>Проверить &amp;сейчас</translation>
    </message>
    <message>
        <source>Check every service now (F5)</source>
        <translation>Проверить все сервисы сейчас (F5)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>Stop the scheduled checks until you resume them</source>
        <translation>Остановить проверки по расписанию, пока вы их не возобновите</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Services…</source>
        <translation>&amp;Сервисы…</translation>
    </message>
    <message>
        <source>Add, edit or remove what is watched (Ctrl+E)</source>
        <translation>Добавить, изменить или удалить то, что проверяется (Ctrl+E)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Экспорт…</translation>
    </message>
    <message>
        <source>Write a log to share: CSV, JSON Lines, OONI or an HTML report</source>
        <translation>Записать журнал для передачи: CSV, JSON Lines, OONI или HTML-отчёт</translation>
    </message>
    <message>
        <source>&amp;Open a shared log…</source>
        <translation>&amp;Открыть присланный журнал…</translation>
    </message>
    <message>
        <source>First round starting…</source>
        <translation>Начинается первая проверка…</translation>
    </message>
    <message>
        <source>Show censorwatch</source>
        <translation>Показать censorwatch</translation>
    </message>
    <message>
        <source>No history to export</source>
        <translation>Нет истории для экспорта</translation>
    </message>
    <message>
        <source>Open a shared log</source>
        <translation>Открыть присланный журнал</translation>
    </message>
    <message>
        <source>censorwatch logs (*.jsonl *.json);;All files (*)</source>
        <translation>Журналы censorwatch (*.jsonl *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Saved {path}; the previous file is kept as a .bak</source>
        <translation>Сохранено в {path}; предыдущий файл сохранён как .bak</translation>
    </message>
    <message>
        <source>Checking now…</source>
        <translation>Проверяем…</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Продолжить</translation>
    </message>
    <message>
        <source>From the shared log: {status}{tech} since {since}.</source>
        <translation>По присланному журналу: {status}{tech} с {since}.</translation>
    </message>
    <message>
        <source>From the history: {status}{tech} since {since}. A check is on its way.</source>
        <translation>По истории: {status}{tech} с {since}. Проверка уже идёт.</translation>
    </message>
    <message>
        <source>History: {what}</source>
        <translation>История: {what}</translation>
    </message>
    <message>
        <source>checking %v of %m</source>
        <translation>проверено %v из %m</translation>
    </message>
    <message>
        <source>{what}: the results describe the tunnel, not your provider.</source>
        <translation>{what}: результаты описывают туннель, а не вашего провайдера.</translation>
    </message>
    <message>
        <source>Shared log (read-only)</source>
        <translation>Присланный журнал (только просмотр)</translation>
    </message>
    <message>
        <source>Last round {time}</source>
        <translation>Последняя проверка {time}</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>на паузе</translation>
    </message>
    <message>
        <source>blocked: {names}</source>
        <translation>заблокировано: {names}</translation>
    </message>
    <message>
        <source>{service} {what} {status} since {time}</source>
        <translation>{service}: {what} — {status} с {time}</translation>
    </message>
    <message>
        <source>{what} work</source>
        <translation>{what} работают</translation>
    </message>
    <message>
        <source>{service} works again since {time}</source>
        <translation>{service} снова работает с {time}</translation>
    </message>
    <message>
        <source>Still watching in the background. Use Quit in this menu to stop.</source>
        <translation>Проверки продолжаются в фоне. Чтобы остановить, выберите «Выход» в этом меню.</translation>
    </message>
    <message>
        <source>Could not open {name}: {error}</source>
        <translation>Не удалось открыть {name}: {error}</translation>
    </message>
    <message>
        <source>A round of checks failed: {error}</source>
        <translation>Цикл проверок завершился ошибкой: {error}</translation>
    </message>
    <message>
        <source>next at {time}</source>
        <translation>следующая в {time}</translation>
    </message>
    <message>
        <source>today {amount}</source>
        <translation>сегодня {amount}</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Кратко</translation>
    </message>
    <message>
        <source>All parts</source>
        <translation>Все части</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Справка</translation>
    </message>
    <message>
        <source>What the words mean (F1 on a line or a cell)</source>
        <translation>Что значат слова (F1 на строке или ячейке)</translation>
    </message>
    <message>
        <source>From the history: {status}{tech} since {since}. Checks are paused.</source>
        <translation>По истории: {status}{tech} с {since}. Проверки на паузе.</translation>
    </message>
    <message>
        <source>since at least {time}</source>
        <translation>как минимум с {time}</translation>
    </message>
    <message>
        <source>since {time}</source>
        <translation>с {time}</translation>
    </message>
    <message>
        <source>From the shared log: {status}{tech} {since}.</source>
        <translation>По присланному журналу: {status}{tech} {since}.</translation>
    </message>
    <message>
        <source>From the history: {status}{tech} {since}. Checks are paused.</source>
        <translation>По истории: {status}{tech} {since}. Проверки на паузе.</translation>
    </message>
    <message>
        <source>From the history: {status}{tech} {since}. A check is on its way.</source>
        <translation>По истории: {status}{tech} {since}. Проверка уже идёт.</translation>
    </message>
    <message>
        <source>&amp;Add a site…</source>
        <translation>&amp;Добавить сайт…</translation>
    </message>
    <message>
        <source>Watch a site by its address: a link, or a name like example.org (Ctrl+N)</source>
        <translation>Следить за сайтом по его адресу: ссылка или имя вроде пример.рф (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Choose from the built-in list…</source>
        <translation>&amp;Выбрать из встроенного списка…</translation>
    </message>
    <message>
        <source>&amp;Edit services and probes…</source>
        <translation>&amp;Изменить сервисы и проверки…</translation>
    </message>
    <message>
        <source>holding back for today's data limit ({limit}): checks {times} times less often</source>
        <translation>экономим трафик до дневного лимита ({limit}): проверки в {times} раза реже</translation>
    </message>
    <message>
        <source>censorwatch logs (*.html *.jsonl *.json);;All files (*)</source>
        <translation>Журналы censorwatch (*.html *.jsonl *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Diagnosis copied to the clipboard ({n} characters)</source>
        <translation>Диагноз скопирован в буфер обмена ({n} знаков)</translation>
    </message>
    <message>
        <source>The history is not open yet</source>
        <translation>История ещё не открыта</translation>
    </message>
    <message>
        <source>Could not compose the diagnosis: {error}</source>
        <translation>Не удалось составить диагноз: {error}</translation>
    </message>
    <message>
        <source>provider {provider}</source>
        <translation>провайдер {provider}</translation>
    </message>
    <message>
        <source>Add my &amp;VPN…</source>
        <translation>Добавить мой &amp;VPN…</translation>
    </message>
    <message>
        <source>Check whether your own VPN's protocol gets through: choose its profile</source>
        <translation>Проверять, проходит ли протокол вашего VPN: выберите его профиль</translation>
    </message>
</context>
<context>
    <name>ServiceEditor</name>
    <message>
        <source>Cannot save {path}: {error}</source>
        <translation>Не удалось сохранить {path}: {error}</translation>
    </message>
    <message>
        <source>Services to watch</source>
        <translation>Проверяемые сервисы</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Сервисы</translation>
    </message>
    <message>
        <source>&amp;Add service</source>
        <translation>&amp;Добавить сервис</translation>
    </message>
    <message>
        <source>&amp;Remove service</source>
        <translation>&amp;Удалить сервис</translation>
    </message>
    <message>
        <source>foreign</source>
        <translation>зарубежный</translation>
    </message>
    <message>
        <source>domestic (a reference)</source>
        <translation>отечественный (для сравнения)</translation>
    </message>
    <message>
        <source>messengers, video, social, news, tools…</source>
        <translation>мессенджеры, видео, соцсети, новости, инструменты…</translation>
    </message>
    <message>
        <source>as in settings</source>
        <translation>как в настройках</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>&amp;Id</source>
        <translation>&amp;Идентификатор</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Название</translation>
    </message>
    <message>
        <source>Re&amp;gion</source>
        <translation>Ре&amp;гион</translation>
    </message>
    <message>
        <source>G&amp;roup</source>
        <translation>Гр&amp;уппа</translation>
    </message>
    <message>
        <source>&amp;Interval</source>
        <translation>&amp;Интервал</translation>
    </message>
    <message>
        <source>capability</source>
        <translation>функция</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>тип</translation>
    </message>
    <message>
        <source>host</source>
        <translation>хост</translation>
    </message>
    <message>
        <source>port</source>
        <translation>порт</translation>
    </message>
    <message>
        <source>SNI</source>
        <translation>SNI</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>min kbit/s</source>
        <translation>мин. кбит/с</translation>
    </message>
    <message>
        <source>max s</source>
        <translation>макс. с</translation>
    </message>
    <message>
        <source>Probes of the service</source>
        <translation>Проверки сервиса</translation>
    </message>
    <message>
        <source>Add &amp;probe</source>
        <translation>Добавить &amp;проверку</translation>
    </message>
    <message>
        <source>Remove p&amp;robe</source>
        <translation>Удалить п&amp;роверку</translation>
    </message>
    <message>
        <source>Probes</source>
        <translation>Проверки</translation>
    </message>
    <message>
        <source>New service</source>
        <translation>Новый сервис</translation>
    </message>
    <message>
        <source>{name} is not one of {known}: it would be a new column. Save again to add it on purpose.</source>
        <translation>{name} — не одно из {known}: это будет новый столбец. Нажмите «Сохранить» ещё раз, чтобы добавить его намеренно.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>"system", udp://IP:PORT, or an https://…/dns-query URL</source>
        <translation>"system", udp://IP:ПОРТ или адрес https://…/dns-query</translation>
    </message>
    <message>
        <source>Independent resolvers, one per line</source>
        <translation>Независимые DNS-резолверы, по одному в строке</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> ч</translation>
    </message>
    <message>
        <source>Notify me when a service changes state</source>
        <translation>Уведомлять, когда состояние сервиса меняется</translation>
    </message>
    <message>
        <source>as the system</source>
        <translation>как в системе</translation>
    </message>
    <message>
        <source>Takes effect at the next start</source>
        <translation>Вступит в силу при следующем запуске</translation>
    </message>
    <message>
        <source>Start at login, in the tray</source>
        <translation>Запускать при входе в систему, в трее</translation>
    </message>
    <message>
        <source>Check &amp;every</source>
        <translation>Проверять &amp;каждые</translation>
    </message>
    <message>
        <source>&amp;Timeout of each step</source>
        <translation>&amp;Тайм-аут каждого шага</translation>
    </message>
    <message>
        <source>&amp;Resolver under test</source>
        <translation>&amp;Проверяемый DNS-резолвер</translation>
    </message>
    <message>
        <source>&amp;Control resolvers</source>
        <translation>&amp;Контрольные DNS-резолверы</translation>
    </message>
    <message>
        <source>&amp;Decoy name (SNI)</source>
        <translation>&amp;Подставное имя (SNI)</translation>
    </message>
    <message>
        <source>Confirmation re&amp;tries</source>
        <translation>Повторы для по&amp;дтверждения</translation>
    </message>
    <message>
        <source>Keep raw checks</source>
        <translation>Хранить сырые проверки</translation>
    </message>
    <message>
        <source>Keep minute detail</source>
        <translation>Хранить поминутную детализацию</translation>
    </message>
    <message>
        <source>Keep hourly detail</source>
        <translation>Хранить почасовую детализацию</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source> MB a day</source>
        <translation> МБ в день</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>без ограничения</translation>
    </message>
    <message>
        <source>Speed comparisons pause for the day once today's traffic reaches this</source>
        <translation>Сравнения скорости приостанавливаются до конца дня, когда сегодняшний трафик достигает этого объёма</translation>
    </message>
    <message>
        <source>Compare speeds on metered connections too</source>
        <translation>Сравнивать скорость и на лимитных соединениях</translation>
    </message>
    <message>
        <source>Compare &amp;speeds every</source>
        <translation>Сравнивать &amp;скорость каждые</translation>
    </message>
    <message>
        <source>Data &amp;budget</source>
        <translation>&amp;Лимит трафика</translation>
    </message>
    <message>
        <source>off</source>
        <translation>выключены</translation>
    </message>
    <message>
        <source>Serve Prometheus metrics for a team's monitoring at HOST:PORT (a port alone: this computer only). Takes effect at the next start.</source>
        <translation>Отдавать метрики Prometheus для мониторинга вашей команды по адресу ХОСТ:ПОРТ (только порт — только для этого компьютера). Вступает в силу при следующем запуске.</translation>
    </message>
    <message>
        <source>Prometheus &amp;metrics</source>
        <translation>&amp;Метрики Prometheus</translation>
    </message>
    <message>
        <source>How often each service is checked (some, such as messengers, have their own interval). Shorter shows a block sooner and costs more data.</source>
        <translation>Как часто проверяется каждый сервис (у некоторых, например мессенджеров, свой интервал). Чаще — блокировка видна раньше, но уходит больше трафика.</translation>
    </message>
    <message>
        <source>Everything censorwatch sends and receives in a day stays within this: speed comparisons pause first, then checks run less often (the status bar says so).</source>
        <translation>Всё, что censorwatch отправляет и получает за день, укладывается в этот лимит: сначала приостанавливаются сравнения скорости, затем проверки идут реже (об этом скажет строка состояния).</translation>
    </message>
    <message>
        <source>A speed comparison downloads about half a megabyte twice; on a connection the system marks as metered (a phone's hotspot) it is skipped unless you allow it.</source>
        <translation>Сравнение скорости дважды скачивает около полумегабайта; на лимитном подключении (точка доступа телефона) оно пропускается, если вы его не разрешите.</translation>
    </message>
    <message>
        <source>How long each step (DNS, connection, handshake, page) may take before it counts as failed</source>
        <translation>Сколько может длиться каждый шаг (DNS, соединение, рукопожатие, страница), прежде чем он считается неудавшимся</translation>
    </message>
    <message>
        <source>The DNS resolver whose answers are checked for tampering: "system" (your provider's, as the system uses it), udp://IP:PORT, or an https://…/dns-query URL</source>
        <translation>DNS-резолвер, ответы которого проверяются на подмену: "system" (резолвер провайдера, как его использует система), udp://IP:ПОРТ или адрес https://…/dns-query</translation>
    </message>
    <message>
        <source>Independent resolvers the answers are compared with, one per line, asked in order when the one before does not answer</source>
        <translation>Независимые резолверы, с ответами которых идёт сравнение, по одному в строке; следующий спрашивается, если предыдущий не ответил</translation>
    </message>
    <message>
        <source>An unblocked name sent to the same address when a connection fails: if it gets through, the block is by name (SNI); if not, by address</source>
        <translation>Незаблокированное имя, которое отправляется на тот же адрес, когда соединение не удалось: если оно проходит, блокировка по имени (SNI), если нет — по адресу</translation>
    </message>
    <message>
        <source>How many times a new failure is checked again before it is reported (a short outage is not a block)</source>
        <translation>Сколько раз новый сбой перепроверяется, прежде чем о нём сообщить (короткий сбой — не блокировка)</translation>
    </message>
    <message>
        <source>How often a throttled service's speed is compared with an unthrottled name; each comparison moves about a megabyte</source>
        <translation>Как часто скорость замедляемого сервиса сравнивается с незамедляемым именем; каждое сравнение — около мегабайта трафика</translation>
    </message>
    <message>
        <source>Every check with its evidence is kept this long; summaries stay after</source>
        <translation>Каждая проверка с доказательствами хранится столько; сводки остаются и после</translation>
    </message>
    <message>
        <source>The chart's minute-by-minute detail is kept this long</source>
        <translation>Поминутные данные графика хранятся столько</translation>
    </message>
    <message>
        <source>Hour-by-hour detail is kept this long; daily summaries and changes for ever</source>
        <translation>Почасовые данные хранятся столько; дневные сводки и изменения — всегда</translation>
    </message>
    <message>
        <source>Mobile data &amp;limit</source>
        <translation>&amp;Лимит трафика</translation>
    </message>
    <message>
        <source>Keep every check</source>
        <translation>Хранить каждую проверку</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Дополнительно</translation>
    </message>
    <message>
        <source>Resolvers, timeouts, how long the history is kept, metrics</source>
        <translation>Резолверы, тайм-ауты, срок хранения истории, метрики</translation>
    </message>
    <message>
        <source>What you watch costs about {amount} MB a day.</source>
        <translation>Выбранные сервисы расходуют около {amount} МБ в день.</translation>
    </message>
    <message>
        <source>That is more than the limit: checks will run less often to stay within it.</source>
        <translation>Это больше лимита: проверки будут идти реже, чтобы в него уложиться.</translation>
    </message>
    <message>
        <source>Speed comparisons will pause once the limit is near.</source>
        <translation>Сравнения скорости приостановятся, когда лимит будет близок.</translation>
    </message>
    <message>
        <source>Update the provider table weekly</source>
        <translation>Обновлять таблицу провайдеров раз в неделю</translation>
    </message>
    <message>
        <source>Which provider your connection goes through is looked up in a table on this computer; nothing is asked of anyone. With this on, censorwatch downloads the newest public table from iptoasn.com (about 8 MB) once a week.</source>
        <translation>Провайдер вашего подключения определяется по таблице на этом компьютере, никого ни о чём не спрашивая. Если включить, censorwatch раз в неделю скачивает свежую публичную таблицу с iptoasn.com (около 8 МБ).</translation>
    </message>
</context>
<context>
    <name>StatusGridModel</name>
    <message>
        <source>Messengers</source>
        <translation>Мессенджеры</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Видео</translation>
    </message>
    <message>
        <source>Social networks</source>
        <translation>Социальные сети</translation>
    </message>
    <message>
        <source>News and reference</source>
        <translation>Новости и справка</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Инструменты</translation>
    </message>
    <message>
        <source>Domestic references</source>
        <translation>Отечественные сервисы для сравнения</translation>
    </message>
    <message>
        <source>Other services</source>
        <translation>Другие сервисы</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Сервис</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Медиа</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 ч</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 дн</translation>
    </message>
    <message>
        <source>Not checked for this service</source>
        <translation>Для этого сервиса не проверяется</translation>
    </message>
    <message>
        <source>Share of checks that worked over the last {period}</source>
        <translation>Доля успешных проверок за последние {period}</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 часа</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 дней</translation>
    </message>
    <message>
        <source>… checking</source>
        <translation>… проверяем</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>ещё не проверено</translation>
    </message>
    <message>
        <source>{what}: not checked yet</source>
        <translation>{what}: ещё не проверено</translation>
    </message>
    <message>
        <source>since {time}</source>
        <translation>с {time}</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>не измеряется</translation>
    </message>
    <message>
        <source>Not measured: {reason}</source>
        <translation>Не измеряется: {reason}</translation>
    </message>
    <message>
        <source>since at least {time}</source>
        <translation>как минимум с {time}</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <source>resolver under test</source>
        <translation>проверяемый резолвер</translation>
    </message>
    <message>
        <source>control resolver</source>
        <translation>контрольный резолвер</translation>
    </message>
    <message>
        <source>Note: the resolver under test answered private addresses: </source>
        <translation>Внимание: проверяемый резолвер вернул частные адреса: </translation>
    </message>
    <message>
        <source>connected</source>
        <translation>соединение установлено</translation>
    </message>
    <message>
        <source>TLS (decoy name)</source>
        <translation>TLS (подставное имя)</translation>
    </message>
    <message>
        <source>handshake completed</source>
        <translation>рукопожатие завершено</translation>
    </message>
    <message>
        <source>Certificate: </source>
        <translation>Сертификат: </translation>
    </message>
    <message>
        <source>issuer: </source>
        <translation>выдан: </translation>
    </message>
    <message>
        <source>names: </source>
        <translation>имена: </translation>
    </message>
    <message>
        <source>valid until </source>
        <translation>действует до </translation>
    </message>
    <message>
        <source>{kb} KB received</source>
        <translation>получено {kb} КБ</translation>
    </message>
    <message>
        <source>then silence</source>
        <translation>затем тишина</translation>
    </message>
    <message>
        <source>Download: {kbps} kbit/s ({kb} KB in {s} s; expected at least {min} kbit/s)</source>
        <translation>Загрузка: {kbps} кбит/с ({kb} КБ за {s} с; ожидалось не меньше {min} кбит/с)</translation>
    </message>
    <message numerus="yes">
        <source>STUN {address}:{port}: {failure} after %n request(s)</source>
        <translation>
            <numerusform>STUN {address}:{port}: {failure} после %n запроса</numerusform>
            <numerusform>STUN {address}:{port}: {failure} после %n запросов</numerusform>
            <numerusform>STUN {address}:{port}: {failure} после %n запросов</numerusform>
        </translation>
    </message>
    <message>
        <source>STUN {address}:{port}: answered in {ms} ms</source>
        <translation>STUN {address}:{port}: ответ за {ms} мс</translation>
    </message>
    <message>
        <source>your resolver answers {name} with a known blocking address ({address})</source>
        <translation>ваш DNS-резолвер отвечает на {name} известным адресом блокировки ({address})</translation>
    </message>
    <message>
        <source>your resolver sends {name} to another address ({address}) that serves a blockpage, while an independent resolver gives the real one</source>
        <translation>ваш DNS-резолвер направляет {name} на другой адрес ({address}), где показывается страница блокировки, а независимый резолвер даёт настоящий</translation>
    </message>
    <message>
        <source>the network answers with a blockpage instead of the site ({fingerprint})</source>
        <translation>вместо сайта сеть отвечает страницей блокировки ({fingerprint})</translation>
    </message>
    <message>
        <source>downloads run at {kbps} kbit/s, below the {min} kbit/s needed</source>
        <translation>загрузка идёт со скоростью {kbps} кбит/с — меньше нужных {min} кбит/с</translation>
    </message>
    <message>
        <source>works</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>that the name does not exist</source>
        <translation>что такого имени нет</translation>
    </message>
    <message>
        <source>no address</source>
        <translation>пустой ответ без адреса</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>молчанием</translation>
    </message>
    <message>
        <source>your DNS resolver answers {what} for {name}, while an independent resolver gives its address</source>
        <translation>ваш DNS-резолвер отвечает на {name} {what}, а независимый резолвер даёт его адрес</translation>
    </message>
    <message>
        <source>no resolver could find {name}, not even the independent ones</source>
        <translation>ни один резолвер, даже независимый, не нашёл {name}</translation>
    </message>
    <message>
        <source>your resolver gives {name} a different address ({address}) that is not the service's, while an independent resolver gives the real one</source>
        <translation>ваш DNS-резолвер даёт для {name} чужой адрес ({address}), а независимый резолвер — настоящий</translation>
    </message>
    <message>
        <source>connections to {address} time out: the address is dropped</source>
        <translation>соединения с {address} не устанавливаются по тайм-ауту: пакеты к адресу отбрасываются</translation>
    </message>
    <message>
        <source>connections to {address} are refused</source>
        <translation>соединения с {address} отклоняются</translation>
    </message>
    <message>
        <source>the network cannot reach {address} ({failure})</source>
        <translation>сеть не может достучаться до {address} ({failure})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>the certificate is not valid for {name} (issued by {issuer}): someone is intercepting</source>
        <translation>сертификат не подходит для {name} (выдан: {issuer}): соединение кто-то перехватывает</translation>
    </message>
    <message>
        <source>the certificate comes from an authority your system does not trust ({issuer}): someone is intercepting</source>
        <translation>сертификат выдан центром, которому ваша система не доверяет ({issuer}): соединение кто-то перехватывает</translation>
    </message>
    <message>
        <source>reset</source>
        <translation>сбрасывается</translation>
    </message>
    <message>
        <source>silently dropped</source>
        <translation>молча обрывается</translation>
    </message>
    <message>
        <source>the secure connection is {how} when it names {sni}, yet completes with another name on the same address: filtering by name (SNI)</source>
        <translation>защищённое соединение {how}, когда в нём указано имя {sni}, но устанавливается с другим именем на тот же адрес: фильтрация по имени (SNI)</translation>
    </message>
    <message>
        <source>the secure handshake with {address} stalls, whatever name is asked</source>
        <translation>защищённое рукопожатие с {address} зависает, какое бы имя ни запрашивалось</translation>
    </message>
    <message>
        <source>the secure handshake with {address} is cut, whatever name is asked</source>
        <translation>защищённое рукопожатие с {address} обрывается, какое бы имя ни запрашивалось</translation>
    </message>
    <message>
        <source>the transfer froze after {kb} KB: bytes stopped arriving mid-way</source>
        <translation>передача замерла после {kb} КБ: данные перестали приходить на полпути</translation>
    </message>
    <message>
        <source>the page loads too slowly to finish in time</source>
        <translation>страница грузится слишком медленно и не успевает загрузиться</translation>
    </message>
    <message>
        <source>the transfer was cut mid-way</source>
        <translation>передача оборвалась на полпути</translation>
    </message>
    <message>
        <source>the connection is cut after the handshake, before the page arrives</source>
        <translation>соединение обрывается после рукопожатия, до того как придёт страница</translation>
    </message>
    <message>
        <source>call servers did not answer over UDP</source>
        <translation>серверы звонков не ответили по UDP</translation>
    </message>
    <message>
        <source>call servers answered over UDP with something that is not STUN</source>
        <translation>серверы звонков ответили по UDP чем-то, что не является STUN</translation>
    </message>
    <message>
        <source>calls cannot reach their servers over UDP</source>
        <translation>звонки не могут достучаться до своих серверов по UDP</translation>
    </message>
    <message>
        <source>nothing checked</source>
        <translation>ничего не проверено</translation>
    </message>
    <message>
        <source>Nothing answers, not even domestic sites or DNS resolvers: the internet connection itself seems down. No service is judged blocked.</source>
        <translation>Ничто не отвечает — ни отечественные сайты, ни DNS-резолверы: похоже, не работает само подключение к интернету. Ни один сервис не считается заблокированным.</translation>
    </message>
    <message>
        <source>Only domestic services work: the network lets through a white list of approved services. Foreign services cannot be judged one by one.</source>
        <translation>Работают только отечественные сервисы: сеть пропускает белый список одобренных сервисов. Зарубежные сервисы по отдельности оценить нельзя.</translation>
    </message>
    <message>
        <source>The network works.</source>
        <translation>Сеть работает.</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>работает с перебоями</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>заблокировано</translation>
    </message>
    <message>
        <source>cannot check</source>
        <translation>не удалось проверить</translation>
    </message>
    <message>
        <source>web</source>
        <translation>сайт</translation>
    </message>
    <message>
        <source>messages</source>
        <translation>сообщения</translation>
    </message>
    <message>
        <source>calls</source>
        <translation>звонки</translation>
    </message>
    <message>
        <source>media</source>
        <translation>медиа</translation>
    </message>
    <message>
        <source>relays</source>
        <translation>ретрансляторы</translation>
    </message>
    <message>
        <source>app</source>
        <translation>приложение</translation>
    </message>
    <message>
        <source>a VPN interface ({name}) carries the default route</source>
        <translation>весь трафик идёт через VPN-интерфейс {name}</translation>
    </message>
    <message>
        <source>a VPN interface ({name}) is up</source>
        <translation>включён VPN-интерфейс {name}</translation>
    </message>
    <message>
        <source>a proxy is set ({name})</source>
        <translation>задан прокси ({name})</translation>
    </message>
    <message>
        <source>DNS tampering</source>
        <translation>подмена DNS</translation>
    </message>
    <message>
        <source>IP dropped</source>
        <translation>IP отбрасывается</translation>
    </message>
    <message>
        <source>IP refused</source>
        <translation>IP отклоняется</translation>
    </message>
    <message>
        <source>TLS reset</source>
        <translation>сброс TLS</translation>
    </message>
    <message>
        <source>TLS stalls</source>
        <translation>TLS зависает</translation>
    </message>
    <message>
        <source>SNI filtering</source>
        <translation>фильтрация по SNI</translation>
    </message>
    <message>
        <source>interception</source>
        <translation>перехват</translation>
    </message>
    <message>
        <source>blockpage</source>
        <translation>страница блокировки</translation>
    </message>
    <message>
        <source>cut after TLS</source>
        <translation>обрыв после TLS</translation>
    </message>
    <message>
        <source>freezes</source>
        <translation>замирает</translation>
    </message>
    <message>
        <source>throttled</source>
        <translation>замедление</translation>
    </message>
    <message>
        <source>UDP blocked</source>
        <translation>UDP заблокирован</translation>
    </message>
    <message>
        <source>{service} works.</source>
        <translation>{service} работает.</translation>
    </message>
    <message>
        <source>{service} {capability}: {state}. {reason}.</source>
        <translation>{service}, {capability}: {state}. {reason}.</translation>
    </message>
    <message>
        <source>Still working: {capabilities}.</source>
        <translation>Продолжают работать: {capabilities}.</translation>
    </message>
    <message>
        <source>censorwatch diagnosis, {when}</source>
        <translation>Диагноз censorwatch, {when}</translation>
    </message>
    <message>
        <source>Network: {state}. {explanation}</source>
        <translation>Сеть: {state}. {explanation}</translation>
    </message>
    <message>
        <source>since {time}</source>
        <translation>с {time}</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>Данные проверки:</translation>
    </message>
    <message numerus="yes">
        <source>confirmed by %n attempt(s)</source>
        <translation>
            <numerusform>подтверждено за %n попытку</numerusform>
            <numerusform>подтверждено за %n попытки</numerusform>
            <numerusform>подтверждено за %n попыток</numerusform>
        </translation>
    </message>
    <message>
        <source>censorwatch report</source>
        <translation>Отчёт censorwatch</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message numerus="yes">
        <source>%n measurement(s)</source>
        <translation>
            <numerusform>%n измерение</numerusform>
            <numerusform>%n измерения</numerusform>
            <numerusform>%n измерений</numerusform>
        </translation>
    </message>
    <message>
        <source>made</source>
        <translation>создан</translation>
    </message>
    <message>
        <source>on</source>
        <translation>на</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Сеть</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Сервисы</translation>
    </message>
    <message>
        <source>domestic reference</source>
        <translation>отечественный, для сравнения</translation>
    </message>
    <message>
        <source>in the period</source>
        <translation>за период</translation>
    </message>
    <message>
        <source>last</source>
        <translation>последний раз</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <source>time</source>
        <translation>время</translation>
    </message>
    <message>
        <source>service</source>
        <translation>сервис</translation>
    </message>
    <message>
        <source>now</source>
        <translation>сейчас</translation>
    </message>
    <message>
        <source>before</source>
        <translation>до этого</translation>
    </message>
    <message>
        <source>capability</source>
        <translation>функция</translation>
    </message>
    <message>
        <source>status</source>
        <translation>состояние</translation>
    </message>
    <message>
        <source>how</source>
        <translation>как</translation>
    </message>
    <message>
        <source>since</source>
        <translation>с</translation>
    </message>
    <message>
        <source>Checks that worked</source>
        <translation>Успешные проверки</translation>
    </message>
    <message>
        <source>Same server, real name / another name, in turn: {real} / {decoy} kbit/s</source>
        <translation>Тот же сервер, настоящее имя / другое имя, поочерёдно: {real} / {decoy} кбит/с</translation>
    </message>
    <message>
        <source>Reference download on this link: {kbps} kbit/s</source>
        <translation>Контрольная загрузка по этой линии: {kbps} кбит/с</translation>
    </message>
    <message>
        <source>Speeds as compared at {time} (comparisons run less often, to save data)</source>
        <translation>Скорости по сравнению в {time} (сравнения идут реже, чтобы экономить трафик)</translation>
    </message>
    <message>
        <source>cannot tell: your connection is unreliable right now (about {loss} % of packets lost), and this failure looks like loss</source>
        <translation>нельзя сказать: соединение сейчас ненадёжно (теряется около {loss} % пакетов), и этот сбой похож на потери</translation>
    </message>
    <message>
        <source>your DNS resolver answers nothing for {name} (after {n} tries) while it answers other names, and an independent resolver gives its address</source>
        <translation>ваш DNS-резолвер не отвечает на {name} (после {n} попыток), хотя отвечает на другие имена, а независимый резолвер даёт его адрес</translation>
    </message>
    <message>
        <source>cannot tell: the page loads too slowly to finish in time, and nothing on this link was compared with it</source>
        <translation>нельзя сказать: страница грузится слишком медленно, чтобы успеть, и сравнить её на этой линии было не с чем</translation>
    </message>
    <message>
        <source>cannot tell</source>
        <translation>неясно</translation>
    </message>
    <message>
        <source>{n} KB</source>
        <translation>{n} КБ</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} МБ</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} ГБ</translation>
    </message>
    <message>
        <source>about {loss} % packet loss</source>
        <translation>около {loss} % потерь пакетов</translation>
    </message>
    <message>
        <source>latency {ms} ms</source>
        <translation>задержка {ms} мс</translation>
    </message>
    <message>
        <source>downloads {kbps} kbit/s</source>
        <translation>загрузка {kbps} кбит/с</translation>
    </message>
    <message>
        <source>Your network: {figures}.</source>
        <translation>Ваша сеть: {figures}.</translation>
    </message>
    <message>
        <source>Your network is poor right now ({figures}): failures that look like loss are shown as "cannot tell", not as blocks.</source>
        <translation>Ваша сеть сейчас плохая ({figures}): сбои, похожие на потери, показаны как «нельзя сказать», а не как блокировки.</translation>
    </message>
    <message>
        <source>Your connection is slow ({kbps} kbit/s): slow downloads are the link's, not throttling, unless another name on the same server is faster.</source>
        <translation>Ваше соединение медленное ({kbps} кбит/с): медленные загрузки — из-за линии, а не замедления, если только другое имя на том же сервере не быстрее.</translation>
    </message>
    <message>
        <source>Speed comparisons are paused: the system says this connection is metered.</source>
        <translation>Сравнения скорости приостановлены: система отмечает это соединение как лимитное.</translation>
    </message>
    <message>
        <source>Speed comparisons are paused until tomorrow: today's data budget is spent.</source>
        <translation>Сравнения скорости приостановлены до завтра: дневной лимит трафика исчерпан.</translation>
    </message>
    <message>
        <source>downloads run at {kbps} kbit/s with the service's name, yet at {base} kbit/s from the same server under another name ({n} tries each): throttling by name</source>
        <translation>с именем сервиса загрузка идёт со скоростью {kbps} кбит/с, а с того же сервера под другим именем — {base} кбит/с ({n} попыток каждая): замедление по имени</translation>
    </message>
    <message>
        <source>downloads run at {kbps} kbit/s, while a reference download on the same link runs at {base} kbit/s: throttling</source>
        <translation>загрузка идёт со скоростью {kbps} кбит/с, а контрольная загрузка по той же линии — {base} кбит/с: замедление</translation>
    </message>
    <message>
        <source>cannot tell yet: downloads run at {kbps} kbit/s, slower than under another name ({base} kbit/s), but over too few tries to be sure</source>
        <translation>пока нельзя сказать: загрузка идёт со скоростью {kbps} кбит/с, медленнее, чем под другим именем ({base} кбит/с), но попыток слишком мало, чтобы быть уверенными</translation>
    </message>
    <message>
        <source>cannot tell: downloads run at {kbps} kbit/s, and nothing on this link could be compared with it</source>
        <translation>нельзя сказать: загрузка идёт со скоростью {kbps} кбит/с, и сравнить её на этой линии было не с чем</translation>
    </message>
    <message>
        <source>works, but slowly: {kbps} kbit/s, about as fast as {what} ({base} kbit/s): your connection is slow, not this service</source>
        <translation>работает, но медленно: {kbps} кбит/с, примерно как {what} ({base} кбит/с): медленное у вас соединение, а не этот сервис</translation>
    </message>
    <message>
        <source>the same server under another name</source>
        <translation>тот же сервер под другим именем</translation>
    </message>
    <message>
        <source>the reference download</source>
        <translation>контрольная загрузка</translation>
    </message>
    <message>
        <source>works: downloads run at {kbps} kbit/s</source>
        <translation>работает: загрузка идёт со скоростью {kbps} кбит/с</translation>
    </message>
    <message>
        <source>Upload: {kbps} kbit/s ({kb} KB in {s} s; expected at least {min} kbit/s)</source>
        <translation>Отправка: {kbps} кбит/с ({kb} КБ за {s} с; ожидалось не меньше {min} кбит/с)</translation>
    </message>
    <message>
        <source>uploads run at {kbps} kbit/s with the service's name, yet at {base} kbit/s to the same server under another name ({n} tries each): throttling by name</source>
        <translation>с именем сервиса отправка идёт со скоростью {kbps} кбит/с, а на тот же сервер под другим именем — {base} кбит/с ({n} попыток каждая): замедление по имени</translation>
    </message>
    <message>
        <source>upload: {reason}</source>
        <translation>отправка: {reason}</translation>
    </message>
    <message>
        <source>cannot tell: this failure is only silence, and this round saw too little traffic to tell a block from lost packets</source>
        <translation>нельзя сказать: этот сбой — лишь молчание, а в этой проверке было слишком мало обмена, чтобы отличить блокировку от потерь пакетов</translation>
    </message>
    <message>
        <source>{n} Gbit/s</source>
        <translation>{n} Гбит/с</translation>
    </message>
    <message>
        <source>{n} Mbit/s</source>
        <translation>{n} Мбит/с</translation>
    </message>
    <message>
        <source>{n} kbit/s</source>
        <translation>{n} кбит/с</translation>
    </message>
    <message>
        <source>no packet loss seen</source>
        <translation>потерь пакетов не видно</translation>
    </message>
    <message>
        <source>latency under 1 ms</source>
        <translation>задержка меньше 1 мс</translation>
    </message>
    <message>
        <source>downloads {speed}</source>
        <translation>загрузка {speed}</translation>
    </message>
    <message>
        <source>not measured: {reason}</source>
        <translation>не измеряется: {reason}</translation>
    </message>
    <message>
        <source>{explanation} ({failed} of the {tried} endpoints tried did not answer)</source>
        <translation>{explanation} (не ответили {failed} из {tried} опрошенных адресов)</translation>
    </message>
    <message>
        <source>none of the {tried} endpoints answered: {explanation}</source>
        <translation>ни один из адресов ({tried}) не ответил: {explanation}</translation>
    </message>
    <message>
        <source>cannot tell: the control STUN server on the same port did not answer either, so UDP itself may not get through this network</source>
        <translation>нельзя сказать: контрольный STUN-сервер на том же порту тоже не ответил, возможно, UDP вообще не проходит через эту сеть</translation>
    </message>
    <message>
        <source>calls restricted: the service's call servers do not answer over UDP while another operator's STUN server on the same port does, and messages work</source>
        <translation>звонки ограничены: серверы звонков сервиса не отвечают по UDP, а STUN-сервер другого оператора на том же порту отвечает, и сообщения работают</translation>
    </message>
    <message>
        <source>the service's call servers do not answer over UDP while another operator's STUN server on the same port does</source>
        <translation>серверы звонков сервиса не отвечают по UDP, а STUN-сервер другого оператора на том же порту отвечает</translation>
    </message>
    <message>
        <source>cannot tell yet: {explanation}; rounds in a row that saw it: {seen} of the {rounds} a claim needs</source>
        <translation>пока нельзя сказать: {explanation}; проверок подряд, где это видно: {seen} из {rounds}, нужных для вывода</translation>
    </message>
    <message>
        <source>Only listed services work: the network lets through a white list of approved addresses (connections to any other address time out). Services outside the list cannot be judged one by one.</source>
        <translation>Работают только сервисы из списка: сеть пропускает белый список разрешённых адресов (соединения с любым другим адресом не устанавливаются). Сервисы вне списка нельзя оценить по отдельности.</translation>
    </message>
    <message>
        <source>Only listed services work: the network lets through a white list of approved names (connections open, but the secure handshake of any unlisted name never completes). Services outside the list cannot be judged one by one.</source>
        <translation>Работают только сервисы из списка: сеть пропускает белый список разрешённых имён (соединение открывается, но защищённое рукопожатие для любого имени вне списка не завершается). Сервисы вне списка нельзя оценить по отдельности.</translation>
    </message>
    <message>
        <source>the connection froze after {kb} KB (request {n} of a series on one connection): bytes stopped arriving without a reset, as transfers from foreign hosting freeze</source>
        <translation>соединение замерло после {kb} КБ (запрос {n} из серии по одному соединению): данные перестали приходить без сброса — так замирают передачи с зарубежных хостингов</translation>
    </message>
    <message>
        <source>control: another operator's STUN server on the same port</source>
        <translation>контроль: STUN-сервер другого оператора на том же порту</translation>
    </message>
    <message>
        <source>white-list test: a random name sent to a listed address</source>
        <translation>проверка белого списка: случайное имя, отправленное на адрес из списка</translation>
    </message>
    <message>
        <source>white-list test: a listed name sent to an unlisted address</source>
        <translation>проверка белого списка: имя из списка, отправленное на адрес вне списка</translation>
    </message>
    <message>
        <source>one of several ways to the same service: any one answering is enough</source>
        <translation>один из нескольких путей к тому же сервису: достаточно ответа любого</translation>
    </message>
    <message>
        <source>it was made for whatever name is asked (another name got one from the same authority)</source>
        <translation>он выпущен для любого запрошенного имени (другое имя получило такой же от того же центра)</translation>
    </message>
    <message>
        <source>the same authority signs the certificates of other services in this round</source>
        <translation>тот же центр подписывает сертификаты других сервисов в этой проверке</translation>
    </message>
    <message>
        <source>someone is intercepting: the certificate for {name} comes from an authority your system does not trust ({issuer}), and {support}</source>
        <translation>соединение кто-то перехватывает: сертификат для {name} выдан центром, которому ваша система не доверяет ({issuer}), и {support}</translation>
    </message>
    <message>
        <source>cannot tell: the site's certificate expired on {date}, or this computer's clock is wrong; nothing points to a block</source>
        <translation>нельзя сказать: срок сертификата сайта истёк {date}, или на этом компьютере неверные часы; на блокировку ничто не указывает</translation>
    </message>
    <message>
        <source>cannot tell: the site's certificate is valid only from {date}, or this computer's clock is wrong; nothing points to a block</source>
        <translation>нельзя сказать: сертификат сайта действует только с {date}, или на этом компьютере неверные часы; на блокировку ничто не указывает</translation>
    </message>
    <message>
        <source>other names</source>
        <translation>другие имена</translation>
    </message>
    <message>
        <source>cannot tell: the site's certificate is made for {names}, not for {name} (issued by {issuer}): a mistake of the site itself, as far as this round can see</source>
        <translation>нельзя сказать: сертификат сайта выпущен для {names}, а не для {name} (выдан: {issuer}): насколько видно из этой проверки, это ошибка самого сайта</translation>
    </message>
    <message>
        <source>cannot tell: the site's certificate is signed by itself ({issuer}), so your system cannot check it; nothing else in this round points to interception</source>
        <translation>нельзя сказать: сертификат сайта подписан им самим ({issuer}), и ваша система не может его проверить; ничто другое в этой проверке не указывает на перехват</translation>
    </message>
    <message>
        <source>cannot tell: the site's certificate comes from an authority your system does not trust ({issuer}); that may be the site's own choice, and nothing else in this round points to interception</source>
        <translation>нельзя сказать: сертификат сайта выдан центром, которому ваша система не доверяет ({issuer}); это может быть выбор самого сайта, и ничто другое в этой проверке не указывает на перехват</translation>
    </message>
    <message>
        <source>cannot tell: the site's certificate is not valid ({reason})</source>
        <translation>нельзя сказать: сертификат сайта недействителен ({reason})</translation>
    </message>
    <message>
        <source>Note: the resolver under test answered private addresses the independent resolvers did not: </source>
        <translation>Внимание: проверяемый резолвер вернул частные адреса, которых не дали независимые резолверы: </translation>
    </message>
    <message>
        <source>(the server's alert: {alert})</source>
        <translation>(предупреждение сервера: {alert})</translation>
    </message>
    <message>
        <source>(the independent resolver's address)</source>
        <translation>(адрес от независимого резолвера)</translation>
    </message>
    <message>
        <source>(the same page over HTTPS)</source>
        <translation>(та же страница по HTTPS)</translation>
    </message>
    <message>
        <source>(decoy name)</source>
        <translation>(подставное имя)</translation>
    </message>
    <message>
        <source>slowed down at this address, whatever the name: downloads run at {kbps} kbit/s under its name and another alike, while your connection downloads at {base} kbit/s</source>
        <translation>замедление по этому адресу, при любом имени: загрузка идёт со скоростью {kbps} кбит/с и с его именем, и с другим, а ваше подключение загружает со скоростью {base} кбит/с</translation>
    </message>
    <message>
        <source>cannot tell: downloads run at {kbps} kbit/s under its name and another alike, and the link's own speed was not measured to compare</source>
        <translation>нельзя сказать: загрузка идёт со скоростью {kbps} кбит/с и с его именем, и с другим, а скорость самой линии для сравнения не измерялась</translation>
    </message>
    <message>
        <source>cannot tell: {name} has no address for any resolver, yours or the independent ones: the site is gone or the name is mistyped; not a block</source>
        <translation>нельзя сказать: у {name} нет адреса ни у одного резолвера, ни у вашего, ни у независимых: сайта больше нет или имя написано с ошибкой; это не блокировка</translation>
    </message>
    <message>
        <source>connections to {address} time out: the address is dropped (the other connections of this round show too little loss to explain it)</source>
        <translation>соединения с {address} не устанавливаются за отведённое время: адрес отбрасывается (остальные соединения этой проверки показывают слишком мало потерь, чтобы это объяснить)</translation>
    </message>
    <message>
        <source>cannot tell: connections to {address} are refused; the site's server may not be accepting them, or something on the way refuses for it, and nothing in this round tells which</source>
        <translation>нельзя сказать: соединения с {address} отклоняются; возможно, сервер сайта их не принимает, а возможно, их отклоняет кто-то по пути, и по этой проверке не понять, что из двух</translation>
    </message>
    <message>
        <source>cannot tell: the server at {address} refuses the secure connection for {sni} with an alert of its own ({alert}); a setting of the site, not a block</source>
        <translation>нельзя сказать: сервер по адресу {address} сам отказывает в защищённом соединении для {sni} ({alert}); это настройка сайта, а не блокировка</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрывается</translation>
    </message>
    <message>
        <source>the secure connection is {how} when it names {sni}, yet the server answers another name on the same address: filtering by name (SNI)</source>
        <translation>защищённое соединение {how}, когда в нём указано имя {sni}, но сервер отвечает на другое имя на тот же адрес: фильтрация по имени (SNI)</translation>
    </message>
    <message>
        <source>cannot tell: the server at {address} ends every secure handshake, whatever name is asked ({failure}); it may not serve secure connections here</source>
        <translation>нельзя сказать: сервер по адресу {address} прерывает каждое защищённое соединение, какое бы имя ни было указано ({failure}); возможно, он здесь не принимает защищённых соединений</translation>
    </message>
    <message>
        <source>gets no answer</source>
        <translation>остаётся без ответа</translation>
    </message>
    <message>
        <source>cannot tell: the server at {address} leaves every request unanswered, whatever name it names ({failure}); the site's own fault, or everything at this address is blocked, and nothing in this round tells which</source>
        <translation>нельзя сказать: сервер по адресу {address} не отвечает ни на какой запрос, с каким бы именем он ни был ({failure}); это сбой самого сайта, или по этому адресу заблокировано всё, и по этой проверке не понять, что из двух</translation>
    </message>
    <message>
        <source>cannot tell: the request gets no answer ({failure}), and nothing in this round was compared with it</source>
        <translation>нельзя сказать: запрос остаётся без ответа ({failure}), и в этой проверке его не с чем было сравнить</translation>
    </message>
    <message>
        <source>cannot tell: the site sends the browser on through more redirects than a browser follows (a loop or a misconfigured site); not a block</source>
        <translation>нельзя сказать: сайт перенаправляет браузер больше раз, чем браузер готов пройти (петля или ошибка настройки сайта); это не блокировка</translation>
    </message>
    <message>
        <source>cannot tell: the site redirects to an address without a host name ({location}): a broken link of the site itself; not a block</source>
        <translation>нельзя сказать: сайт перенаправляет на адрес без имени сервера ({location}): это сломанная ссылка самого сайта; это не блокировка</translation>
    </message>
    <message>
        <source>cannot tell: the site redirects to an address a browser cannot open ({location}); not a block</source>
        <translation>нельзя сказать: сайт перенаправляет на адрес, который браузер не может открыть ({location}); это не блокировка</translation>
    </message>
    <message>
        <source>the page crawls when it names {name} ({kb} KB in {s} s, unfinished), while the same request naming another name on the same address is answered in {t} s: throttling by name</source>
        <translation>страница еле грузится, когда в запросе указано имя {name} ({kb} КБ за {s} с, не до конца), а такой же запрос с другим именем на тот же адрес получает ответ за {t} с: замедление по имени</translation>
    </message>
    <message>
        <source>the transfer of {name} is cut mid-way, while the same request naming another name on the same address arrives whole</source>
        <translation>передача {name} обрывается на полпути, а такой же запрос с другим именем на тот же адрес приходит целиком</translation>
    </message>
    <message>
        <source>cannot tell: the transfer was cut mid-way ({failure}), and the same address cuts it whatever name is asked, or nothing was compared with it</source>
        <translation>нельзя сказать: передача оборвалась на полпути ({failure}), и тот же адрес обрывает её при любом имени, или её не с чем было сравнить</translation>
    </message>
    <message>
        <source>slowed down at this address, whatever the name: the page of {name} arrives at {kbps} kbit/s under its name and another alike, while your connection downloads at {base} kbit/s</source>
        <translation>замедление по этому адресу, при любом имени: страница {name} приходит со скоростью {kbps} кбит/с и с его именем, и с другим, а ваше подключение загружает со скоростью {base} кбит/с</translation>
    </message>
    <message>
        <source>cannot tell: your connection is slow right now ({kbps} kbit/s), and the page did not finish in time</source>
        <translation>нельзя сказать: ваше подключение сейчас медленное ({kbps} кбит/с), и страница не загрузилась вовремя</translation>
    </message>
    <message>
        <source>cannot tell: censorwatch could not run this check (a fault in censorwatch itself, written to its log), so it says nothing about the network</source>
        <translation>нельзя сказать: censorwatch не смог выполнить эту проверку (сбой в самом censorwatch, он записан в его журнал), так что о сети она ничего не говорит</translation>
    </message>
    <message>
        <source>your resolver gives {name} an address ({address}) although the independent resolvers say the name does not exist</source>
        <translation>ваш резолвер даёт {name} адрес ({address}), хотя независимые резолверы говорят, что такого имени нет</translation>
    </message>
    <message>
        <source>your resolver gives {name} an address ({address}) where it fails ({failure}), while the address an independent resolver gives ({other}) works</source>
        <translation>ваш резолвер даёт {name} адрес ({address}), по которому ничего не выходит ({failure}), а адрес от независимого резолвера ({other}) работает</translation>
    </message>
    <message>
        <source>your resolver sends {name} to {address}, which serves another page (HTTP {status}) than the address an independent resolver gives ({other}: HTTP {other_status})</source>
        <translation>ваш резолвер направляет {name} на {address}, где отдаётся другая страница (HTTP {status}), чем по адресу от независимого резолвера ({other}: HTTP {other_status})</translation>
    </message>
    <message>
        <source>works (your resolver gives another address, {address}, which serves the same page as the one an independent resolver gives)</source>
        <translation>работает (ваш резолвер даёт другой адрес, {address}, но там та же страница, что и по адресу от независимого резолвера)</translation>
    </message>
    <message>
        <source>the site answers, with an error page of its own (HTTP {status}); not a block as far as anything shows</source>
        <translation>сайт отвечает своей страницей ошибки (HTTP {status}); насколько видно, это не блокировка</translation>
    </message>
    <message>
        <source>the page arriving over plain HTTP ({page}, HTTP {status}) is not the site's: the same address serves another over HTTPS, which nobody on the way can change (HTTP {secure_status}), and the same request naming another name gets yet another; something on the way puts it in the site's place</source>
        <translation>страница, приходящая по обычному HTTP ({page}, HTTP {status}), — не страница сайта: тот же адрес отдаёт по HTTPS другую, которую никто по пути изменить не может (HTTP {secure_status}), а такой же запрос с другим именем получает третью; кто-то по пути подменяет ею сайт</translation>
    </message>
    <message>
        <source>cannot tell: every resolver points {name} at this computer itself ({address}): the site's DNS is misconfigured; not a block</source>
        <translation>нельзя сказать: все резолверы указывают для {name} на сам этот компьютер ({address}): DNS сайта настроен с ошибкой; это не блокировка</translation>
    </message>
    <message>
        <source>cannot tell: every resolver points {name} at a private address ({address}): a name of a local network, or a misconfigured site; not a block</source>
        <translation>нельзя сказать: все резолверы указывают для {name} на частный адрес ({address}): это имя локальной сети или ошибка настройки сайта; это не блокировка</translation>
    </message>
    <message>
        <source>{service} {capability}: {reason}.</source>
        <translation>{service} — {capability}: {reason}.</translation>
    </message>
    <message>
        <source>is closed before any answer</source>
        <translation>закрывается до ответа</translation>
    </message>
    <message>
        <source>is cut before any answer</source>
        <translation>обрывается до ответа</translation>
    </message>
    <message>
        <source>the request for {name} {how}, while the same request naming another name on the same address gets an answer</source>
        <translation>запрос к {name} {how}, а такой же запрос с другим именем на тот же адрес получает ответ</translation>
    </message>
    <message>
        <source>not needed: another address connected first</source>
        <translation>не понадобился: раньше удалось соединиться с другим адресом</translation>
    </message>
    <message>
        <source>your DNS resolver is not answering any name right now (silence, or a refusal for everything), so nothing that needs it can be judged; sites may still work through other resolvers</source>
        <translation>ваш DNS-резолвер сейчас не отвечает ни на одно имя (молчит или отказывает во всём), поэтому ничто, что от него зависит, оценить нельзя; сайты могут работать через другие резолверы</translation>
    </message>
    <message>
        <source>cannot tell: the addresses of {name} fail in different ways ({failures}), and none connects</source>
        <translation>нельзя сказать: адреса {name} не работают по-разному ({failures}), и ни с одним не удаётся соединиться</translation>
    </message>
    <message>
        <source>your connection was down {span}</source>
        <translation>ваше подключение не работало {span}</translation>
    </message>
    <message>
        <source>it could not be checked {span}</source>
        <translation>проверить не удалось {span}</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 ч</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 дн</translation>
    </message>
    <message>
        <source>30 d</source>
        <translation>30 дн</translation>
    </message>
    <message>
        <source>{period}: not enough data yet</source>
        <translation>{period}: пока мало данных</translation>
    </message>
    <message>
        <source>({n} h of data)</source>
        <translation>(данные за {n} ч)</translation>
    </message>
    <message>
        <source>worked fully</source>
        <translation>работало полностью</translation>
    </message>
    <message>
        <source>network works</source>
        <translation>сеть работает</translation>
    </message>
    <message>
        <source>white list</source>
        <translation>белый список</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>нет связи</translation>
    </message>
    <message>
        <source>failure: {failure} at step {step}</source>
        <translation>сбой: {failure} на шаге {step}</translation>
    </message>
    <message>
        <source>Speed comparisons are paused for today: the rest of today's data limit is kept for the checks.</source>
        <translation>Сравнения скорости приостановлены на сегодня: остаток дневного лимита трафика оставлен для проверок.</translation>
    </message>
    <message>
        <source>the network works</source>
        <translation>сеть работает</translation>
    </message>
    <message>
        <source>only a white list of services gets through</source>
        <translation>проходит только белый список сервисов</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>ещё не проверялось</translation>
    </message>
    <message>
        <source>censorwatch {version}: diagnosis</source>
        <translation>censorwatch {version}: диагноз</translation>
    </message>
    <message>
        <source>last check {time} ({zone})</source>
        <translation>последняя проверка {time} ({zone})</translation>
    </message>
    <message>
        <source>Connection: {state}</source>
        <translation>Подключение: {state}</translation>
    </message>
    <message>
        <source>Provider: {provider}</source>
        <translation>Провайдер: {provider}</translation>
    </message>
    <message>
        <source>Provider: unknown (no STUN check answered)</source>
        <translation>Провайдер: неизвестен (ни один сервер звонков не ответил на проверку)</translation>
    </message>
    <message numerus="yes">
        <source>Blocked or restricted: %n of {total}</source>
        <translation>
            <numerusform>Заблокировано или ограничено: %n из {total}</numerusform>
            <numerusform>Заблокировано или ограничено: %n из {total}</numerusform>
            <numerusform>Заблокировано или ограничено: %n из {total}</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing blocked among {total} services</source>
        <translation>Среди сервисов ({total}) ничего не заблокировано</translation>
    </message>
    <message numerus="yes">
        <source>Cannot tell: %n</source>
        <translation>
            <numerusform>Неясно: %n</numerusform>
            <numerusform>Неясно: %n</numerusform>
            <numerusform>Неясно: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Works (%n): {names}</source>
        <translation>
            <numerusform>Работает (%n): {names}</numerusform>
            <numerusform>Работают (%n): {names}</numerusform>
            <numerusform>Работают (%n): {names}</numerusform>
        </translation>
    </message>
    <message>
        <source>{failure} at {step}</source>
        <translation>{failure} на шаге {step}</translation>
    </message>
    <message>
        <source>compared with {what} ({kind} {target}): {status}</source>
        <translation>для сравнения — {what} ({kind} {target}): {status}</translation>
    </message>
    <message>
        <source>… more in the report (Export ▸ a report for a helpline).</source>
        <translation>… остальное — в отчёте (Экспорт ▸ отчёт для горячей линии).</translation>
    </message>
    <message>
        <source>Evidence of the last check:</source>
        <translation>Данные последней проверки:</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>ответ получен</translation>
    </message>
    <message>
        <source>(with encrypted ClientHello)</source>
        <translation>(с зашифрованным приветствием)</translation>
    </message>
    <message>
        <source>(the same without encrypted ClientHello)</source>
        <translation>(то же без зашифрованного приветствия)</translation>
    </message>
    <message>
        <source>Note: other users of this computer can read your VPN profile, and the keys in it: make it readable by you alone (chmod 600)</source>
        <translation>Внимание: другие пользователи этого компьютера могут прочитать ваш профиль VPN и ключи в нём: сделайте его доступным только вам (chmod 600)</translation>
    </message>
    <message>
        <source>(the same name over TCP)</source>
        <translation>(то же имя по TCP)</translation>
    </message>
    <message>
        <source>(another way to the same server)</source>
        <translation>(другой путь к тому же серверу)</translation>
    </message>
    <message>
        <source>works: the QUIC handshake (HTTP/3) completes</source>
        <translation>работает: рукопожатие QUIC (HTTP/3) завершается</translation>
    </message>
    <message>
        <source>works: a ClientHello with encrypted ClientHello (ECH) gets the server's answer</source>
        <translation>работает: на приветствие с зашифрованной частью (ECH) сервер отвечает</translation>
    </message>
    <message>
        <source>works: your VPN server answers the {protocol} handshake</source>
        <translation>работает: ваш VPN-сервер отвечает на рукопожатие {protocol}</translation>
    </message>
    <message>
        <source>QUIC handshakes naming {name} get no answer from {address}, while the same address completes one for another name (the decoy)</source>
        <translation>рукопожатия QUIC с именем {name} остаются без ответа от {address}, а тот же адрес завершает рукопожатие с другим (подставным) именем</translation>
    </message>
    <message>
        <source>; TLS over TCP to it works (browsers fall back, slower)</source>
        <translation>; TLS поверх TCP к нему работает (браузеры переходят на него, медленнее)</translation>
    </message>
    <message>
        <source>QUIC (HTTP/3) gets no answer from {address} for any name, while TLS over TCP to the same address works (browsers fall back, slower)</source>
        <translation>QUIC (HTTP/3) остаётся без ответа от {address} для любого имени, а TLS поверх TCP к тому же адресу работает (браузеры переходят на него, медленнее)</translation>
    </message>
    <message>
        <source>cannot tell: {address} answers neither QUIC nor TLS over TCP right now: the server or the way to it may be down</source>
        <translation>не понять: {address} сейчас не отвечает ни по QUIC, ни по TLS поверх TCP: сервер или путь к нему могут не работать</translation>
    </message>
    <message>
        <source>cannot tell: {address} refuses QUIC on port {port}: this server may not offer HTTP/3; not a block</source>
        <translation>не понять: {address} отказывает в QUIC на порту {port}: возможно, этот сервер не поддерживает HTTP/3; это не блокировка</translation>
    </message>
    <message>
        <source>cannot tell: the QUIC handshake with {address} ended unfinished ({failure})</source>
        <translation>не понять: рукопожатие QUIC с {address} оборвалось незавершённым ({failure})</translation>
    </message>
    <message>
        <source>is cut by a reset</source>
        <translation>обрывается сбросом соединения</translation>
    </message>
    <message>
        <source>cannot tell: no connection opens to {target} ({failure})</source>
        <translation>не понять: соединение с {target} не открывается ({failure})</translation>
    </message>
    <message>
        <source>a ClientHello with encrypted ClientHello (ECH, outer name {name}) to {address} {how}, while the same ClientHello without ECH gets the server's answer</source>
        <translation>приветствие с зашифрованной частью (ECH, внешнее имя {name}) к {address} {how}, а на то же приветствие без ECH сервер отвечает</translation>
    </message>
    <message>
        <source>cannot tell: the server itself refuses the ClientHello with encrypted ClientHello ({answer}) and answers the one without; not a block</source>
        <translation>не понять: сервер сам отклоняет приветствие с зашифрованной частью ({answer}) и отвечает на приветствие без неё; это не блокировка</translation>
    </message>
    <message>
        <source>cannot tell: {address} answers no ClientHello, with or without encrypted ClientHello ({failure}): the server may be down</source>
        <translation>не понять: {address} не отвечает ни на какое приветствие, ни с зашифрованной частью, ни без неё ({failure}): сервер может не работать</translation>
    </message>
    <message>
        <source>cannot tell: censorwatch cannot use your VPN profile ({reason})</source>
        <translation>не понять: censorwatch не может использовать ваш профиль VPN ({reason})</translation>
    </message>
    <message>
        <source>your VPN server {where} refuses {protocol}: nothing listens there (the server is down or moved); not a block</source>
        <translation>ваш VPN-сервер {where} отказывает в {protocol}: там ничего не слушает (сервер не работает или переехал); это не блокировка</translation>
    </message>
    <message>
        <source>while the same server answers {protocol} over {transport} (port {port})</source>
        <translation>а тот же сервер отвечает по {protocol} через {transport} (порт {port})</translation>
    </message>
    <message>
        <source>while port {port} of the same server opens over TCP</source>
        <translation>а порт {port} того же сервера открывается по TCP</translation>
    </message>
    <message>
        <source>cannot tell: your VPN server {where} does not answer the {protocol} handshake ({failure}), and nothing else of that server was compared: it may be down, or {protocol} blocked; name another port of the server to tell them apart</source>
        <translation>не понять: ваш VPN-сервер {where} не отвечает на рукопожатие {protocol} ({failure}), а больше ничего на этом сервере не сравнивалось: он может не работать, а может быть заблокирован {protocol}; укажите другой порт сервера, чтобы их различить</translation>
    </message>
    <message>
        <source>connections to your VPN server {where} do not open ({failure}), {compared}</source>
        <translation>соединения с вашим VPN-сервером {where} не открываются ({failure}), {compared}</translation>
    </message>
    <message>
        <source>cannot tell: your VPN server {where} answers the {protocol} handshake with something else ({failure})</source>
        <translation>не понять: ваш VPN-сервер {where} отвечает на рукопожатие {protocol} чем-то другим ({failure})</translation>
    </message>
    <message>
        <source>{protocol} handshakes to your VPN server {where} {how}, {compared}</source>
        <translation>рукопожатия {protocol} с вашим VPN-сервером {where} {how}, {compared}</translation>
    </message>
    <message>
        <source>VPN</source>
        <translation>VPN</translation>
    </message>
    <message>
        <source>HTTP/3</source>
        <translation>HTTP/3</translation>
    </message>
    <message>
        <source>ECH</source>
        <translation>ECH</translation>
    </message>
    <message>
        <source>QUIC blocked</source>
        <translation>QUIC заблокирован</translation>
    </message>
    <message>
        <source>ECH blocked</source>
        <translation>ECH заблокирован</translation>
    </message>
    <message>
        <source>VPN protocol blocked</source>
        <translation>протокол VPN заблокирован</translation>
    </message>
    <message numerus="yes">
        <source>%n datagram(s) sent</source>
        <translation>
            <numerusform>отправлена %n датаграмма</numerusform>
            <numerusform>отправлены %n датаграммы</numerusform>
            <numerusform>отправлено %n датаграмм</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>after %n request(s)</source>
        <translation>
            <numerusform>после %n запроса</numerusform>
            <numerusform>после %n запросов</numerusform>
            <numerusform>после %n запросов</numerusform>
        </translation>
    </message>
    <message>
        <source>not checked: a VPN is connected on this computer, and a handshake with your key now would interrupt it; it is checked while the VPN is off</source>
        <translation>не проверено: на этом компьютере подключён VPN, и рукопожатие с вашим ключом сейчас прервало бы его; проверка идёт, пока VPN выключен</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>Telegram picks its call relays per call, and no public server or published exchange lets a check reach them</source>
        <translation>Telegram выбирает серверы для каждого звонка отдельно, и ни один публичный сервер или опубликованный обмен не позволяет их проверить</translation>
    </message>
    <message>
        <source>Discord assigns its voice servers per call; no fixed public endpoint stands for them</source>
        <translation>Discord назначает голосовые серверы для каждого звонка; постоянного публичного адреса, который их представлял бы, нет</translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Discord</source>
        <translation>Discord</translation>
    </message>
    <message>
        <source>YouTube</source>
        <translation>YouTube</translation>
    </message>
    <message>
        <source>Instagram</source>
        <translation>Instagram</translation>
    </message>
    <message>
        <source>Facebook</source>
        <translation>Facebook</translation>
    </message>
    <message>
        <source>X (Twitter)</source>
        <translation>X (Twitter)</translation>
    </message>
    <message>
        <source>Wikipedia</source>
        <translation>Википедия</translation>
    </message>
    <message>
        <source>Meduza</source>
        <translation>Медуза</translation>
    </message>
    <message>
        <source>Tor Project</source>
        <translation>Tor Project</translation>
    </message>
    <message>
        <source>Proton VPN</source>
        <translation>Proton VPN</translation>
    </message>
    <message>
        <source>Gosuslugi</source>
        <translation>Госуслуги</translation>
    </message>
    <message>
        <source>Yandex</source>
        <translation>Яндекс</translation>
    </message>
    <message>
        <source>VK</source>
        <translation>ВКонтакте</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>MAX</translation>
    </message>
    <message>
        <source>Sberbank</source>
        <translation>Сбербанк</translation>
    </message>
    <message>
        <source>Ozon</source>
        <translation>Ozon</translation>
    </message>
    <message>
        <source>Habr</source>
        <translation>Хабр</translation>
    </message>
    <message>
        <source>Drom</source>
        <translation>Дром</translation>
    </message>
    <message>
        <source>Foreign hosting</source>
        <translation>Зарубежный хостинг</translation>
    </message>
    <message>
        <source>Newer web protocols</source>
        <translation>Новые веб-протоколы</translation>
    </message>
</context>
<context>
    <name>Watch</name>
    <message>
        <source>censorwatch checks whether services you depend on are blocked. To check, it connects to those services from this computer, as a browser or messenger would, every few minutes for as long as it runs. Your internet provider (and anyone who watches your network) can see these connections, including to services that are blocked where you are. If that could put you at risk, check only what you would open anyway, or stop here.</source>
        <translation>censorwatch проверяет, заблокированы ли сервисы, которыми вы пользуетесь. Для проверки он подключается к этим сервисам с этого компьютера, как это делал бы браузер или мессенджер, — каждые несколько минут, пока работает. Ваш интернет-провайдер (и любой, кто наблюдает за вашей сетью) видит эти подключения, в том числе к сервисам, заблокированным там, где вы находитесь. Если это может быть для вас опасно, проверяйте только то, что вы и так открываете, или остановитесь здесь.</translation>
    </message>
    <message>
        <source>censorwatch uploads nothing and has no telemetry: the only traffic it sends is the checks themselves (about 50 MB a day with the built-in list). What it finds stays on this computer, unless you turn on its metrics for a team's Prometheus to read: then that server sees the verdicts, the times and the labels you chose, never your addresses.</source>
        <translation>censorwatch ничего не выгружает и не собирает телеметрию: он отправляет только сами проверки (около 50 МБ в день со встроенным списком). Результаты остаются на этом компьютере, если только вы не включите метрики для Prometheus вашей команды: тогда этот сервер видит вердикты, время и выбранные вами метки, но никогда не ваши адреса.</translation>
    </message>
    <message>
        <source>A VPN or proxy changes what the checks describe: censorwatch says so when it notices one.</source>
        <translation>VPN или прокси меняют то, что описывают проверки: censorwatch сообщает об этом, когда замечает их.</translation>
    </message>
    <message>
        <source>Agree and start checking? [y/N] </source>
        <translation>Согласны и начать проверки? [y/N] </translation>
    </message>
    <message>
        <source>nothing was sent: first agree to what the checks mean for you — run `censorwatch {command} --agree` once for this history (or start the window, which asks)</source>
        <translation>ничего не отправлено: сначала согласитесь с тем, что значат для вас проверки, — выполните `censorwatch {command} --agree` один раз для этой истории (или откройте окно, оно спросит)</translation>
    </message>
    <message>
        <source>censorwatch uploads nothing and has no telemetry: the only traffic it sends is the checks themselves (about 64 MB a day with the whole built-in list, within the daily data limit you set; less on a metered connection). What it finds stays on this computer, unless you turn on its metrics for a team's Prometheus to read: then that server sees the verdicts, the times and the labels you chose, never your addresses.</source>
        <translation>censorwatch ничего не выгружает и не собирает телеметрию: он отправляет только сами проверки (около 64 МБ в день со всем встроенным списком, в пределах заданного вами дневного лимита; на лимитном подключении меньше). Результаты остаются на этом компьютере, если только вы не включите метрики для Prometheus вашей команды: тогда этот сервер видит вердикты, время и выбранные вами метки, но никогда не ваши адреса.</translation>
    </message>
</context>
<context>
    <name>SummaryModel</name>
    <message>
        <source>Not checked yet</source>
        <translation>Ещё не проверялось</translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <source>Each service in one line, the worst first</source>
        <translation>Каждый сервис одной строкой, сначала худшие</translation>
    </message>
</context>
<context>
    <name>Plain</name>
    <message>
        <source>the site opens</source>
        <translation>сайт открывается</translation>
    </message>
    <message>
        <source>messages get through</source>
        <translation>сообщения доходят</translation>
    </message>
    <message>
        <source>calls connect</source>
        <translation>звонки соединяются</translation>
    </message>
    <message>
        <source>video and pictures load</source>
        <translation>видео и картинки загружаются</translation>
    </message>
    <message>
        <source>{part} works</source>
        <translation>{part}: работает</translation>
    </message>
    <message>
        <source>{part}: cannot tell yet</source>
        <translation>{part}: пока неясно</translation>
    </message>
    <message>
        <source>{part}: no connection to check it</source>
        <translation>{part}: нет связи, чтобы проверить</translation>
    </message>
    <message>
        <source>the site is slowed down</source>
        <translation>сайт замедлен</translation>
    </message>
    <message>
        <source>video is slowed down</source>
        <translation>видео замедлено</translation>
    </message>
    <message>
        <source>{part} slowed down</source>
        <translation>{part}: замедлено</translation>
    </message>
    <message>
        <source>calls don't connect</source>
        <translation>звонки не соединяются</translation>
    </message>
    <message>
        <source>messages don't get through</source>
        <translation>сообщения не доходят</translation>
    </message>
    <message>
        <source>{part} works with trouble</source>
        <translation>{part}: работает с трудом</translation>
    </message>
    <message>
        <source>{part} doesn't open</source>
        <translation>{part}: не открывается</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>пн</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>вт</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>ср</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>чт</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>пт</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>сб</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>вс</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>янв</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>фев</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>мар</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>апр</translation>
    </message>
    <message>
        <source>May</source>
        <translation>мая</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>июн</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>июл</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>авг</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>сен</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>окт</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>ноя</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>дек</translation>
    </message>
    <message>
        <source>No connection to check it</source>
        <translation>Нет связи, чтобы проверить</translation>
    </message>
    <message>
        <source>No connection to check it since {time}</source>
        <translation>Нет связи, чтобы проверить, с {time}</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Ещё не проверялось</translation>
    </message>
    <message>
        <source>Everything works</source>
        <translation>Всё работает</translation>
    </message>
    <message>
        <source>{what} since {time}</source>
        <translation>{what} с {time}</translation>
    </message>
    <message>
        <source>the rest works</source>
        <translation>остальное работает</translation>
    </message>
    <message>
        <source>the site stops after the first few kilobytes</source>
        <translation>сайт обрывается после первых килобайт</translation>
    </message>
    <message>
        <source>video stops after the first few kilobytes</source>
        <translation>видео обрывается после первых килобайт</translation>
    </message>
    <message>
        <source>{part}: stops after the first few kilobytes</source>
        <translation>{part}: обрывается после первых килобайт</translation>
    </message>
    <message>
        <source>the provider hides the site</source>
        <translation>провайдер скрывает сайт</translation>
    </message>
    <message>
        <source>{part}: the provider hides it</source>
        <translation>{part}: провайдер скрывает</translation>
    </message>
    <message>
        <source>a block page instead of the site</source>
        <translation>страница блокировки вместо сайта</translation>
    </message>
    <message>
        <source>{part}: a block page instead</source>
        <translation>{part}: вместо него страница блокировки</translation>
    </message>
    <message>
        <source>someone intercepts the connection to the site</source>
        <translation>кто-то перехватывает соединение с сайтом</translation>
    </message>
    <message>
        <source>{part}: someone intercepts the connection</source>
        <translation>{part}: кто-то перехватывает соединение</translation>
    </message>
    <message>
        <source>the site doesn't open</source>
        <translation>сайт не открывается</translation>
    </message>
    <message>
        <source>video doesn't load</source>
        <translation>видео не загружается</translation>
    </message>
    <message>
        <source>{what} since at least {time}</source>
        <translation>{what} как минимум с {time}</translation>
    </message>
    <message>
        <source>relays don't connect</source>
        <translation>ретрансляторы не подключаются</translation>
    </message>
    <message>
        <source>the app doesn't connect</source>
        <translation>приложение не подключается</translation>
    </message>
    <message>
        <source>HTTP/3 is blocked (pages and video fall back to the slower way)</source>
        <translation>HTTP/3 заблокирован (страницы и видео идут по старому пути, медленнее)</translation>
    </message>
    <message>
        <source>encrypted ClientHello is dropped (sites open without it)</source>
        <translation>зашифрованное приветствие отбрасывается (сайты открываются без него)</translation>
    </message>
    <message>
        <source>your VPN's protocol is blocked</source>
        <translation>протокол вашего VPN заблокирован</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>censorwatch — what the words mean</source>
        <translation>censorwatch — что значат слова</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Справка</translation>
    </message>
    <message>
        <source>All words</source>
        <translation>Все слова</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>No history yet: run `censorwatch check` (or the window) first.</source>
        <translation>Истории пока нет: сначала запустите `censorwatch check` (или окно).</translation>
    </message>
    <message>
        <source>since</source>
        <translation>с</translation>
    </message>
    <message>
        <source>Changes in the last {period}:</source>
        <translation>Изменения за последние {period}:</translation>
    </message>
    <message>
        <source>No changes in the last {period}.</source>
        <translation>Изменений за последние {period} не было.</translation>
    </message>
    <message>
        <source>(was {status})</source>
        <translation>(было: {status})</translation>
    </message>
    <message>
        <source>(before it: {status} since {time})</source>
        <translation>(до этого: {status} с {time})</translation>
    </message>
    <message>
        <source>Changes:</source>
        <translation>Изменения:</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>Изменений не было.</translation>
    </message>
    <message>
        <source>since at least</source>
        <translation>как минимум с</translation>
    </message>
</context>
<context>
    <name>Check</name>
    <message>
        <source>online</source>
        <translation>работает</translation>
    </message>
    <message>
        <source>white list</source>
        <translation>белый список</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>нет связи</translation>
    </message>
    <message>
        <source>network: {state} — {explanation}</source>
        <translation>сеть: {state} — {explanation}</translation>
    </message>
    <message>
        <source>note: {tunnel}; the results describe the tunnel, not your provider</source>
        <translation>заметка: {tunnel}; результаты описывают туннель, а не вашего провайдера</translation>
    </message>
    <message>
        <source>note: {what}</source>
        <translation>заметка: {what}</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>не измеряется</translation>
    </message>
</context>
<context>
    <name>Config</name>
    <message>
        <source>unknown service {missing}; known: {known}</source>
        <translation>неизвестный сервис {missing}; известные: {known}</translation>
    </message>
    <message>
        <source>{words} or {last}</source>
        <translation>{words} или {last}</translation>
    </message>
    <message>
        <source>must be a table</source>
        <translation>должно быть таблицей</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>не указано</translation>
    </message>
    <message>
        <source>unknown kind {kind} (known: {known})</source>
        <translation>неизвестный тип {kind} (известные: {known})</translation>
    </message>
    <message>
        <source>use a-z, 0-9 and _ only, got {value}</source>
        <translation>допустимы только a-z, 0-9 и _, указано {value}</translation>
    </message>
    <message>
        <source>missing (a {kind} probe needs {keys})</source>
        <translation>не указано (проверке типа {kind} нужны {keys})</translation>
    </message>
    <message>
        <source>not a host name or address: {host}</source>
        <translation>это не имя сервера и не адрес: {host}</translation>
    </message>
    <message>
        <source>must be {choices}, got {value}</source>
        <translation>должно быть {choices}, указано {value}</translation>
    </message>
    <message>
        <source>use a-z, 0-9, _ and - (up to 40), got {value}</source>
        <translation>допустимы только a-z, 0-9, _ и - (не больше 40 знаков), указано {value}</translation>
    </message>
    <message>
        <source>a probe with a role cannot be one of an any_of group</source>
        <translation>проверка с ролью (role) не может входить в группу any_of</translation>
    </message>
    <message>
        <source>random_sni is a tls probe's role</source>
        <translation>роль random_sni бывает только у проверки tls</translation>
    </message>
    <message>
        <source>listed_sni is a tls probe's role</source>
        <translation>роль listed_sni бывает только у проверки tls</translation>
    </message>
    <message>
        <source>a control is a stun probe (for now)</source>
        <translation>контрольной может быть только проверка stun (пока что)</translation>
    </message>
    <message>
        <source>not a host name: {name}</source>
        <translation>это не имя сервера: {name}</translation>
    </message>
    <message>
        <source>only a tls probe may send a "random" name</source>
        <translation>отправлять имя "random" может только проверка tls</translation>
    </message>
    <message>
        <source>no probe of {capability} to control</source>
        <translation>нет проверки функции {capability}, для которой эта проверка была бы контрольной</translation>
    </message>
    <message>
        <source>a control uses the port of the {kind} probes it controls</source>
        <translation>контрольная проверка должна использовать тот же порт, что и проверки {kind}, которые она контролирует</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>файл не найден</translation>
    </message>
    <message>
        <source>cannot read: {error}</source>
        <translation>не удаётся прочитать: {error}</translation>
    </message>
    <message>
        <source>must be a whole number, got {value}</source>
        <translation>должно быть целым числом, указано {value}</translation>
    </message>
    <message>
        <source>must be a number, got {value}</source>
        <translation>должно быть числом, указано {value}</translation>
    </message>
    <message>
        <source>must be between {lo} and {hi}, got {value}</source>
        <translation>должно быть от {lo} до {hi}, указано {value}</translation>
    </message>
    <message>
        <source>must be a non-empty string, got {value}</source>
        <translation>должно быть непустой строкой, указано {value}</translation>
    </message>
    <message>
        <source>unknown key (allowed: {allowed})</source>
        <translation>неизвестный ключ (допустимые: {allowed})</translation>
    </message>
    <message>
        <source>must be true or false, got {value}</source>
        <translation>должно быть true или false, указано {value}</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>должно быть списком</translation>
    </message>
    <message>
        <source>must be a path string</source>
        <translation>должно быть строкой с путём к файлу</translation>
    </message>
    <message>
        <source>no such file: {path}</source>
        <translation>файл не найден: {path}</translation>
    </message>
    <message>
        <source>must be an array of tables ([[services]])</source>
        <translation>должно быть массивом таблиц ([[services]])</translation>
    </message>
    <message>
        <source>missing (every service needs id and name)</source>
        <translation>не указано (у каждого сервиса должны быть id и name)</translation>
    </message>
    <message>
        <source>use a-z, 0-9, _ and - only, got {value}</source>
        <translation>допустимы только a-z, 0-9, _ и -, указано {value}</translation>
    </message>
    <message>
        <source>duplicate id (first used at line {line})</source>
        <translation>повторяющийся id (уже встречался в строке {line})</translation>
    </message>
    <message>
        <source>must be one of {choices}, got {value}</source>
        <translation>должно быть одним из: {choices}, указано {value}</translation>
    </message>
    <message>
        <source>needs at least one [[services.probes]]</source>
        <translation>нужна хотя бы одна проверка [[services.probes]]</translation>
    </message>
    <message>
        <source>not valid TOML: {error}</source>
        <translation>ошибка в записи TOML: {error}</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>должно быть строкой</translation>
    </message>
    <message>
        <source>{spec}: write udp://IP:PORT (an address, not a name)</source>
        <translation>{spec}: укажите udp://IP:PORT (IP-адрес, а не имя)</translation>
    </message>
    <message>
        <source>{spec}: port out of range</source>
        <translation>{spec}: номер порта вне допустимого диапазона</translation>
    </message>
    <message>
        <source>{spec}: bad port</source>
        <translation>{spec}: неверный порт</translation>
    </message>
    <message>
        <source>{spec}: expected "system", udp://IP:PORT or an https://…/dns-query URL</source>
        <translation>{spec}: ожидается "system", udp://IP:PORT или адрес вида https://…/dns-query</translation>
    </message>
    <message>
        <source>must be a list of at most 16 ranges, such as ["127.77.0.0/16"]</source>
        <translation>должно быть списком не больше чем из 16 диапазонов, например ["127.77.0.0/16"]</translation>
    </message>
    <message>
        <source>{item} is not an address range such as 127.77.0.0/16</source>
        <translation>{item} — не диапазон адресов вида 127.77.0.0/16</translation>
    </message>
    <message>
        <source>not a valid {schemes}:// URL: {url}</source>
        <translation>неверный адрес {schemes}://: {url}</translation>
    </message>
    <message>
        <source>must be a table: { calls = "why" }</source>
        <translation>должно быть таблицей: { calls = "почему" }</translation>
    </message>
    <message>
        <source>not a capability: {capability}</source>
        <translation>это не название функции: {capability}</translation>
    </message>
    <message>
        <source>{capability} has probes: it is measured</source>
        <translation>у функции {capability} есть проверки: она измеряется</translation>
    </message>
    <message>
        <source>{capability}: say why in 1 to 500 characters</source>
        <translation>{capability}: объясните причину, от 1 до 500 знаков</translation>
    </message>
    <message>
        <source>write HOST:PORT (127.0.0.1:9464), or a port alone for loopback</source>
        <translation>укажите HOST:PORT (127.0.0.1:9464) или только порт, чтобы слушать лишь на этом компьютере (loopback)</translation>
    </message>
    <message>
        <source>{address}: write HOST:PORT, such as 127.0.0.1:9464</source>
        <translation>{address}: укажите HOST:PORT, например 127.0.0.1:9464</translation>
    </message>
    <message>
        <source>{address}: not a host or address</source>
        <translation>{address}: это не имя сервера и не адрес</translation>
    </message>
    <message>
        <source>{address}: port out of range</source>
        <translation>{address}: номер порта вне допустимого диапазона</translation>
    </message>
    <message>
        <source>must be a table, such as labels = { region = "Moscow" }</source>
        <translation>должно быть таблицей, например labels = { region = "Москва" }</translation>
    </message>
    <message>
        <source>{key} is not a label name of your own (letters, digits, _; not {reserved})</source>
        <translation>{key} не годится как собственное имя метки (латинские буквы, цифры, _; кроме {reserved})</translation>
    </message>
    <message>
        <source>{key}: must be a string of at most 200 characters</source>
        <translation>{key}: должно быть строкой не длиннее 200 знаков</translation>
    </message>
    <message>
        <source>type a site's address, such as example.org</source>
        <translation>введите адрес сайта, например example.org</translation>
    </message>
    <message>
        <source>{text} is not a site's address: write it as example.org</source>
        <translation>{text} — не адрес сайта: напишите его так: example.org</translation>
    </message>
    <message>
        <source>{host} is not a site's name: a name has a dot, such as example.org</source>
        <translation>{host} — не имя сайта: в имени есть точка, например example.org</translation>
    </message>
    <message>
        <source>{host} is checked already, as {name}</source>
        <translation>{host} уже проверяется, как {name}</translation>
    </message>
    <message>
        <source>added by you ({date}); measured as OONI measures a URL</source>
        <translation>добавлено вами ({date}); проверяется так, как OONI проверяет адрес</translation>
    </message>
    <message>
        <source>{path} is too large to be a VPN profile</source>
        <translation>{path} слишком велик для профиля VPN</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>не удаётся прочитать {path}: {reason}</translation>
    </message>
    <message>
        <source>{path} is neither a WireGuard configuration nor an OpenVPN profile</source>
        <translation>{path} — не настройки WireGuard и не профиль OpenVPN</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}: {reason}</translation>
    </message>
    <message>
        <source>{path} is checked already, as {name}</source>
        <translation>{path} уже проверяется, как {name}</translation>
    </message>
    <message>
        <source>My VPN ({protocol}, {file})</source>
        <translation>Мой VPN ({protocol}, {file})</translation>
    </message>
    <message>
        <source>your own {protocol} profile, added by you ({date}); its handshake only</source>
        <translation>ваш собственный профиль {protocol}, добавлен вами ({date}); только рукопожатие</translation>
    </message>
</context>
<context>
    <name>PartStatus</name>
    <message>
        <source>works</source>
        <comment>web</comment>
        <translation>работает</translation>
    </message>
    <message>
        <source>degraded</source>
        <comment>web</comment>
        <translation>работает с перебоями</translation>
    </message>
    <message>
        <source>blocked</source>
        <comment>web</comment>
        <translation>заблокирован</translation>
    </message>
    <message>
        <source>works</source>
        <comment>messages</comment>
        <translation>работают</translation>
    </message>
    <message>
        <source>degraded</source>
        <comment>messages</comment>
        <translation>работают с перебоями</translation>
    </message>
    <message>
        <source>blocked</source>
        <comment>messages</comment>
        <translation>заблокированы</translation>
    </message>
    <message>
        <source>works</source>
        <comment>calls</comment>
        <translation>работают</translation>
    </message>
    <message>
        <source>degraded</source>
        <comment>calls</comment>
        <translation>работают с перебоями</translation>
    </message>
    <message>
        <source>blocked</source>
        <comment>calls</comment>
        <translation>заблокированы</translation>
    </message>
    <message>
        <source>works</source>
        <comment>media</comment>
        <translation>работает</translation>
    </message>
    <message>
        <source>degraded</source>
        <comment>media</comment>
        <translation>работает с перебоями</translation>
    </message>
    <message>
        <source>blocked</source>
        <comment>media</comment>
        <translation>заблокировано</translation>
    </message>
    <message>
        <source>work</source>
        <comment>several parts</comment>
        <translation>работают</translation>
    </message>
    <message>
        <source>degraded</source>
        <comment>several parts</comment>
        <translation>работают с перебоями</translation>
    </message>
    <message>
        <source>blocked</source>
        <comment>several parts</comment>
        <translation>заблокированы</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>the history could not be read; it was moved aside to {path} and a new one was started</source>
        <translation>историю не удалось прочитать; она отложена в {path}, начата новая</translation>
    </message>
    <message>
        <source>history upgraded; the previous file is kept as {path}</source>
        <translation>история обновлена; прежний файл сохранён как {path}</translation>
    </message>
    <message>
        <source>{option}: cannot read {text}; write e.g. 90m, 24h or 7d</source>
        <translation>{option}: не понять {text}; напишите, например, 90m, 24h или 7d</translation>
    </message>
    <message>
        <source>-o: no such folder {folder}</source>
        <translation>-o: нет такой папки {folder}</translation>
    </message>
    <message>
        <source>--service: no history for {service}</source>
        <translation>--service: нет истории для {service}</translation>
    </message>
    <message>
        <source>- reads a log from standard input: send one in through a pipe (… | censorwatch import -)</source>
        <translation>- читает журнал со стандартного ввода: передайте его через канал (… | censorwatch import -)</translation>
    </message>
    <message>
        <source>{name}: cannot read it into a temporary file: {reason}</source>
        <translation>{name}: не удалось прочитать во временный файл: {reason}</translation>
    </message>
</context>
<context>
    <name>Add</name>
    <message>
        <source>a Russian site</source>
        <translation>российский сайт</translation>
    </message>
    <message>
        <source>a foreign site</source>
        <translation>зарубежный сайт</translation>
    </message>
    <message>
        <source>Added {name} ({url}) as {region}, id {id}, to {path}.</source>
        <translation>Добавлен {name} ({url}) как {region}, id {id}, в {path}.</translation>
    </message>
    <message>
        <source>Taken as foreign: during white-list hours foreign sites are expected to fail, and a domestic one that fails tells you the list is on. If it is a Russian site, run again with --region domestic.</source>
        <translation>Считаем его зарубежным: в часы белых списков зарубежные сайты и должны не открываться, а неработающий российский сайт подсказывает, что список включён. Если это российский сайт, повторите с --region domestic.</translation>
    </message>
    <message>
        <source>censorwatch: --compare-port must be 1 to 65535</source>
        <translation>censorwatch: --compare-port должен быть от 1 до 65535</translation>
    </message>
    <message>
        <source>Added {name}: the {protocol} handshake with {endpoint}, id {id}, to {path}.</source>
        <translation>Добавлен {name}: рукопожатие {protocol} с {endpoint}, id {id}, в {path}.</translation>
    </message>
    <message>
        <source>The keys stay in your file: censorwatch reads them at each check and stores them nowhere.</source>
        <translation>Ключи остаются в вашем файле: censorwatch читает их при каждой проверке и нигде не сохраняет.</translation>
    </message>
    <message>
        <source>Warning: other users of this computer can read the profile, and the keys in it: chmod 600 {file}</source>
        <translation>Внимание: другие пользователи этого компьютера могут прочитать профиль и ключи в нём: chmod 600 {file}</translation>
    </message>
    <message>
        <source>Without --compare-port a silent server reads "cannot tell" (it may be down); name a TCP port of the same server that answers to tell a block from an outage.</source>
        <translation>Без --compare-port молчащий сервер даёт «не понять» (он мог просто не работать); укажите TCP-порт того же сервера, который отвечает, чтобы отличать блокировку от сбоя.</translation>
    </message>
</context>
<context>
    <name>AddSiteDialog</name>
    <message>
        <source>Add a site</source>
        <translation>Добавить сайт</translation>
    </message>
    <message>
        <source>online.sberbank.ru, пример.рф or a copied link</source>
        <translation>online.sberbank.ru, пример.рф или скопированная ссылка</translation>
    </message>
    <message>
        <source>What you would type in the browser. A copied link is fine: what follows ? or # (which may hold a login) is dropped.</source>
        <translation>То, что вы набрали бы в браузере. Можно вставить скопированную ссылку: всё после ? или # (там может быть вход в аккаунт) отбрасывается.</translation>
    </message>
    <message>
        <source>from the address</source>
        <translation>по адресу</translation>
    </message>
    <message>
        <source>A &amp;Russian site</source>
        <translation>&amp;Российский сайт</translation>
    </message>
    <message>
        <source>A &amp;foreign site</source>
        <translation>&amp;Зарубежный сайт</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>How often this site is checked</source>
        <translation>Как часто проверяется этот сайт</translation>
    </message>
    <message>
        <source>The column the result is shown in. A site is usually the web.</source>
        <translation>Столбец, в котором показан результат. Для сайта обычно «веб».</translation>
    </message>
    <message>
        <source>the page over HTTPS (as a browser opens it)</source>
        <translation>страницу по HTTPS (как её открывает браузер)</translation>
    </message>
    <message>
        <source>the page over plain HTTP</source>
        <translation>страницу по обычному HTTP</translation>
    </message>
    <message>
        <source>only the secure connection (TLS handshake)</source>
        <translation>только защищённое соединение (рукопожатие TLS)</translation>
    </message>
    <message>
        <source>HTTPS fetches the page and compares what a censor could change; the handshake alone costs less data and shows blocks by name.</source>
        <translation>HTTPS загружает страницу и сравнивает то, что мог подменить цензор; одно рукопожатие тратит меньше трафика и показывает блокировки по имени.</translation>
    </message>
    <message>
        <source>Count a completed handshake whoever signed it</source>
        <translation>Засчитывать рукопожатие, кто бы ни подписал сертификат</translation>
    </message>
    <message>
        <source>For a site with its own certificate authority (a bank's own, a company's). Interception is then not recognised for this site.</source>
        <translation>Для сайта со своим удостоверяющим центром (банковским, корпоративным). Перехват трафика для этого сайта тогда не распознаётся.</translation>
    </message>
    <message>
        <source>Shown as</source>
        <translation>Показывать как</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Проверять</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Дополнительно</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Адрес</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Название</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Где</translation>
    </message>
    <message>
        <source>Check &amp;every</source>
        <translation>Проверять &amp;каждые</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Добавить</translation>
    </message>
    <message>
        <source>Not sure: is it a Russian site? </source>
        <translation>Не уверены, российский ли это сайт? </translation>
    </message>
    <message>
        <source>Will check {url} every {minutes} min (about {amount} MB a day).</source>
        <translation>Будет проверять {url} каждые {minutes} мин (около {amount} МБ в день).</translation>
    </message>
    <message>
        <source>It matters during mobile shutdowns: when only a white list of Russian sites opens, foreign sites are expected to fail, and a Russian one that fails tells you the shutdown is on.</source>
        <translation>Это важно при отключениях мобильного интернета: когда открывается только белый список российских сайтов, зарубежные сайты недоступны, а недоступный российский подсказывает, что отключение идёт.</translation>
    </message>
</context>
<context>
    <name>EmptyGuide</name>
    <message>
        <source>Nothing is being checked yet</source>
        <translation>Пока ничего не проверяется</translation>
    </message>
    <message>
        <source>Add a site you depend on (your bank, a news site) by its address, or choose services from the built-in list: messengers, video, social networks, news and tools. censorwatch then checks them in the background and says what works and what is blocked.</source>
        <translation>Добавьте нужный вам сайт (банк, новостной сайт) по адресу или выберите сервисы из встроенного списка: мессенджеры, видео, соцсети, новости и инструменты. censorwatch будет проверять их в фоне и скажет, что работает, а что заблокировано.</translation>
    </message>
    <message>
        <source>Add a site…</source>
        <translation>Добавить сайт…</translation>
    </message>
    <message>
        <source>Choose from the built-in list…</source>
        <translation>Выбрать из встроенного списка…</translation>
    </message>
</context>
<context>
    <name>Number</name>
    <message>
        <source>.</source>
        <comment>the decimal separator</comment>
        <translation>,</translation>
    </message>
</context>
<context>
    <name>PickDialog</name>
    <message>
        <source>Choose from the built-in list</source>
        <translation>Выбор из встроенного списка</translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <source>Service</source>
        <translation>Сервис</translation>
    </message>
    <message>
        <source>Data a day</source>
        <translation>Трафик в день</translation>
    </message>
    <message>
        <source>Choose:</source>
        <translation>Выбрать:</translation>
    </message>
    <message>
        <source>&amp;Messengers and calls</source>
        <translation>&amp;Мессенджеры и звонки</translation>
    </message>
    <message>
        <source>Only the messengers (and the domestic references); the least data</source>
        <translation>Только мессенджеры (и российские ориентиры); меньше всего трафика</translation>
    </message>
    <message>
        <source>E&amp;verything</source>
        <translation>&amp;Всё</translation>
    </message>
    <message>
        <source>N&amp;one</source>
        <translation>&amp;Ничего</translation>
    </message>
    <message>
        <source>Untick every service; the domestic references stay unless you untick them</source>
        <translation>Снять отметки со всех сервисов; российские ориентиры остаются, если не снять их отдельно</translation>
    </message>
    <message>
        <source>Domestic references (to recognise white lists)</source>
        <translation>Российские ориентиры (чтобы распознавать белые списки)</translation>
    </message>
    <message>
        <source>During a mobile shutdown only a white list of approved Russian services opens. censorwatch checks a few of them so it can tell a white-list shutdown from a block of one service or an outage. Keep them unless data is very tight.</source>
        <translation>При отключении мобильного интернета открывается только белый список одобренных российских сервисов. censorwatch проверяет несколько из них, чтобы отличить отключение с белым списком от блокировки одного сервиса или аварии. Оставьте их, если трафик не совсем на исходе.</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} МБ</translation>
    </message>
    <message>
        <source>Checks {what} every {minutes} min</source>
        <translation>Проверяет {what} каждые {minutes} мин</translation>
    </message>
    <message>
        <source>Nothing chosen: nothing will be checked.</source>
        <translation>Ничего не выбрано: проверять нечего.</translation>
    </message>
    <message>
        <source>This connection is metered: speed comparisons are off (Settings can allow them).</source>
        <translation>Подключение лимитное: сравнения скорости отключены (их можно разрешить в настройках).</translation>
    </message>
    <message>
        <source>Without the domestic references censorwatch cannot tell a white-list shutdown from a block: it will say what fails and claim no white list.</source>
        <translation>Без российских ориентиров censorwatch не отличит отключение с белым списком от блокировки: он скажет, что не работает, но о белом списке судить не будет.</translation>
    </message>
    <message>
        <source>The domestic references are kept: they recognise white-list shutdowns.</source>
        <translation>Российские ориентиры оставлены: по ним распознаются белые списки.</translation>
    </message>
    <message numerus="yes">
        <source>About {amount} a day for %n service(s).</source>
        <translation>
            <numerusform>Около {amount} в день на %n сервис.</numerusform>
            <numerusform>Около {amount} в день на %n сервиса.</numerusform>
            <numerusform>Около {amount} в день на %n сервисов.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Shared</name>
    <message>
        <source>{name} is a web page without measurements in it: a report from an older censorwatch, or another page. Ask for a report made by this version, or for the JSON Lines export.</source>
        <translation>{name} — веб-страница без измерений внутри: отчёт более старой версии censorwatch или другая страница. Попросите отчёт, сделанный этой версией, или экспорт JSON Lines.</translation>
    </message>
    <message>
        <source>{name} is a spreadsheet export (CSV): open it in a spreadsheet, or ask for the report, which censorwatch opens.</source>
        <translation>{name} — экспорт для таблиц (CSV): откройте его в табличном редакторе или попросите отчёт, который открывается в censorwatch.</translation>
    </message>
    <message>
        <source>{name} is not a log censorwatch wrote: it opens its report (.html), JSON Lines (.jsonl) and OONI (.json) exports.</source>
        <translation>{name} — не журнал censorwatch: он открывает свой отчёт (.html), экспорт JSON Lines (.jsonl) и OONI (.json).</translation>
    </message>
    <message>
        <source>{name} is not a censorwatch log: its first line is not a measurement ({reason}).</source>
        <translation>{name} — не журнал censorwatch: его первая строка не измерение ({reason}).</translation>
    </message>
</context>
<context>
    <name>SharedLog</name>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n минута</numerusform>
            <numerusform>%n минуты</numerusform>
            <numerusform>%n минут</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n час</numerusform>
            <numerusform>%n часа</numerusform>
            <numerusform>%n часов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n день</numerusform>
            <numerusform>%n дня</numerusform>
            <numerusform>%n дней</numerusform>
        </translation>
    </message>
    <message>
        <source>It covers {start} – {end} ({length}; times in your zone, {zone}).</source>
        <translation>Охватывает {start} – {end} ({length}; время в вашем поясе, {zone}).</translation>
    </message>
    <message>
        <source>Made {time} in the sender's zone, {zone}</source>
        <translation>Сделан {time} по времени отправителя, {zone}</translation>
    </message>
    <message>
        <source>When and where it was made: not in this format</source>
        <translation>Когда и где сделан: в этом формате не указано</translation>
    </message>
    <message>
        <source>by censorwatch {version}</source>
        <translation>censorwatch {version}</translation>
    </message>
    <message>
        <source>version not recorded</source>
        <translation>версия не указана</translation>
    </message>
    <message>
        <source>provider {provider}</source>
        <translation>провайдер {provider}</translation>
    </message>
    <message>
        <source>provider unknown</source>
        <translation>провайдер неизвестен</translation>
    </message>
    <message>
        <source>Shared log (read-only)</source>
        <translation>Присланный журнал (только просмотр)</translation>
    </message>
    <message>
        <source>Shared log {start} – {end} (read-only)</source>
        <translation>Присланный журнал {start} – {end} (только просмотр)</translation>
    </message>
</context>
<context>
    <name>AddVpnDialog</name>
    <message>
        <source>Add my VPN</source>
        <translation>Добавить мой VPN</translation>
    </message>
    <message>
        <source>Choose your VPN's WireGuard configuration (.conf) or OpenVPN profile (.ovpn). censorwatch sends only the first handshake packet your VPN sends and looks whether your server answers: that tells you whether your VPN's protocol gets through right now.</source>
        <translation>Выберите настройки WireGuard (.conf) или профиль OpenVPN (.ovpn) вашего VPN. censorwatch отправляет только первый пакет рукопожатия, как его отправляет ваш VPN, и смотрит, отвечает ли сервер: так видно, проходит ли протокол вашего VPN прямо сейчас.</translation>
    </message>
    <message>
        <source>no profile chosen</source>
        <translation>профиль не выбран</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Выбрать…</translation>
    </message>
    <message>
        <source>from the profile</source>
        <translation>из профиля</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>A TCP port of the same server that answers whatever happens to the VPN (SSH's 22, a web server's 443). When your VPN gets no answer but this port opens, the protocol is blocked; without it a silent server reads "cannot tell": it may simply be down.</source>
        <translation>TCP-порт того же сервера, который отвечает, что бы ни случилось с VPN (22 для SSH, 443 для веб-сервера). Если VPN остаётся без ответа, а этот порт открывается, протокол заблокирован; без него молчащий сервер даёт «не понять»: он мог просто не работать.</translation>
    </message>
    <message>
        <source>The keys stay in your file: censorwatch reads them at each check and stores or exports none of them. Keep the file where it is.</source>
        <translation>Ключи остаются в вашем файле: censorwatch читает их при каждой проверке и нигде их не сохраняет и не выгружает. Не перемещайте файл.</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Профиль:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>Compare with TCP port:</source>
        <translation>Сравнивать с TCP-портом:</translation>
    </message>
    <message>
        <source>Your VPN profile</source>
        <translation>Ваш профиль VPN</translation>
    </message>
    <message>
        <source>VPN profiles (*.conf *.ovpn);;All files (*)</source>
        <translation>Профили VPN (*.conf *.ovpn);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Читаем…</translation>
    </message>
    <message>
        <source>{protocol}: the handshake with {endpoint}</source>
        <translation>{protocol}: рукопожатие с {endpoint}</translation>
    </message>
    <message>
        <source>Other users of this computer can read this file, and the keys in it. Make it readable by you alone (chmod 600).</source>
        <translation>Другие пользователи этого компьютера могут прочитать этот файл и ключи в нём. Сделайте его доступным только вам (chmod 600).</translation>
    </message>
</context>
</TS>
