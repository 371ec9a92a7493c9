/**
 * The three public pages `bomba serve` on Teams answers at its domain, which the app's manifest
 * names as the developer's website, privacy statement and terms of use (`GET /`, `/privacy`,
 * `/terms`), once per locale. They say what the code does: keep them true to it.
 */
import type { Locale } from "../core/org.ts";

/** One page: its title and its paragraphs (plain text). */
export interface Page {
  title: string;
  paragraphs: string[];
}

/** The public pages in one locale; `company` is the org file's. */
export interface PagesCatalog {
  home: (f: { company: string }) => Page;
  privacy: (f: { company: string }) => Page;
  terms: (f: { company: string }) => Page;
  /** The links under every page. */
  links: { home: string; privacy: string; terms: string };
}

const es: PagesCatalog = {
  home: ({ company }) => ({
    title: `Correo Bomba de ${company}`,
    paragraphs: [
      "Un bot de Microsoft Teams para las quejas de clientes importantes: cada queja es una «bomba» que sube por el organigrama, un escalón cada pocos días laborables, hasta que alguien la desactiva.",
      `Lo ha instalado ${company} en un servidor propio; para cualquier duda, hable con sus responsables de fidelización.`,
    ],
  }),
  privacy: ({ company }) => ({
    title: "Privacidad",
    paragraphs: [
      `Este bot funciona en un servidor de ${company}, que es quien decide sobre estos datos. Los autores del programa no reciben ninguno.`,
      "Guarda, en la base de datos de la empresa: el organigrama (nombres, correos, cargos y de quién depende cada uno); el id de Microsoft Entra de cada persona y el id de su chat con el bot; cada queja (cliente, contacto, texto y origen) con cada paso de su vida, quién lo dio y cuándo; y los mensajes que ha enviado y dónde, para actualizarlos después.",
      "De Microsoft solo pide lo que necesita: busca a las personas del organigrama por su correo en Microsoft Graph, instala la aplicación a quien no la tiene, escribe en sus chats con el bot y en los canales del resumen diario y del informe trimestral, y sube el CSV y los gráficos del informe a la carpeta de archivos de ese canal (o, sin canal del informe, al sitio de SharePoint de la organización), enlazados también en los chats del CEO y los directores.",
      "No lee chats ni canales: solo ve lo que se le envía a él (mensajes en su chat, menciones, botones y formularios).",
      `Los datos se guardan hasta que ${company} los borre. Para verlos, corregirlos o borrarlos, diríjase a sus responsables de fidelización.`,
    ],
  }),
  terms: ({ company }) => ({
    title: "Condiciones de uso",
    paragraphs: [
      `${company} ofrece este bot a su personal para atender las quejas de sus clientes; úselo para eso.`,
      "Lo que escriba en una queja lo leen las personas por las que pasa y los responsables de fidelización; el resumen diario nombra a su cliente en su canal, y el CSV del informe trimestral, en el canal del informe y enlazado en los chats del CEO y los directores, lleva su texto entero.",
      "El programa es software libre (licencia MIT) y se ofrece tal cual, sin garantía de ningún tipo.",
    ],
  }),
  links: { home: "Inicio", privacy: "Privacidad", terms: "Condiciones de uso" },
};

const en: PagesCatalog = {
  home: ({ company }) => ({
    title: `${company}'s Correo Bomba`,
    paragraphs: [
      "A Microsoft Teams bot for important customers' complaints: each complaint is a “bomb” that climbs the org chart, one rung every few working days, until someone defuses it.",
      `${company} runs it on a server of its own; for any question, ask its customer loyalty managers.`,
    ],
  }),
  privacy: ({ company }) => ({
    title: "Privacy",
    paragraphs: [
      `This bot runs on a server of ${company}, which decides over this data. The program's authors receive none of it.`,
      "It keeps, in the company's database: the org chart (names, e-mails, titles and who reports to whom); each person's Microsoft Entra object ID and the ID of their chat with the bot; every complaint (customer, contact, text and source) with every step of its life, who took it and when; and the messages it sent and where, to update them later.",
      "It asks Microsoft only for what it needs: it looks the org chart's people up by e-mail in Microsoft Graph, installs the app for whoever lacks it, writes in their chats with the bot and in the daily digest's and quarterly report's channels, and uploads the report's CSV and charts to that channel's files folder (or, with no report channel, to the organization's SharePoint site), linked too in the CEO's and directors' chats.",
      "It reads no chats or channels: it sees only what is sent to it (messages in its chat, mentions, buttons and forms).",
      `The data is kept until ${company} deletes it. To see, correct or delete it, ask its customer loyalty managers.`,
    ],
  }),
  terms: ({ company }) => ({
    title: "Terms of use",
    paragraphs: [
      `${company} offers this bot to its staff to handle its customers' complaints; use it for that.`,
      "What you write in a complaint is read by the people it passes through and the customer loyalty managers; the daily digest names its customer in its channel, and the quarterly report's CSV, in the report's channel and linked in the CEO's and directors' chats, carries its whole text.",
      "The program is free software (MIT licence) and comes as is, without warranty of any kind.",
    ],
  }),
  links: { home: "Home", privacy: "Privacy", terms: "Terms of use" },
};

const catalogs: Record<Locale, PagesCatalog> = { es, en };

/** The public pages in `locale`. */
export function pagesCatalog(locale: Locale): PagesCatalog {
  return catalogs[locale];
}
